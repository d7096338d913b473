"""The ``peerlift`` command: data work from the shell.

Each command is a thin shell around store/, analysis/ and sources/, in a module named for its area
(register, picture, families, categories, users, serving); output formats are documented in docs/cli.md.
"""

from importlib import import_module

from peerlift.cli.common import app

# Each module adds its commands to `app` as it is imported; this order is the order of `--help`.
for _area in (
    "register",
    "picture",
    "families",
    "categories",
    "partners",
    "datapack",
    "broker",
    "support",
    "support_figures",
    "careers",
    "surveys",
    "networks",
    "users",
    "serving",
    "uploads",
    "worker",
):
    import_module(f"peerlift.cli.{_area}")

__all__ = ["app", "main"]


def main() -> None:
    app()
