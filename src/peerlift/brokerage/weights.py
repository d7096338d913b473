"""The weights of a pair's score, kept as data (weights.toml) that an authority may replace.

Validated on load with messages naming the file and key, so a typo in an LA's rules file is found
before any run rather than silently scored as zero.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

PACKAGE_FILE = "weights.toml"


class WeightsError(ValueError):
    """A rules file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Weights:
    urgency: float
    strength: float
    same_phase: float
    context: float
    same_network: float
    travel_per_km: float
    declared_strength: float
    context_fsm_span: float


# TOML table.key -> Weights field
_KEYS = {
    ("weights", "urgency"): "urgency",
    ("weights", "strength"): "strength",
    ("weights", "same_phase"): "same_phase",
    ("weights", "context"): "context",
    ("weights", "same_network"): "same_network",
    ("weights", "travel_per_km"): "travel_per_km",
    ("strength", "declared"): "declared_strength",
    ("context", "fsm_span"): "context_fsm_span",
}
assert set(_KEYS.values()) == {f.name for f in fields(Weights)}


def load(rules_file: Path | None = None) -> Weights:
    """The package's weights, with any of them replaced by ``rules_file``."""
    text = resources.files("peerlift.brokerage").joinpath(PACKAGE_FILE).read_text(encoding="utf-8")
    values = _values(PACKAGE_FILE, tomllib.loads(text), complete=True)
    if rules_file is not None:
        try:
            own = tomllib.loads(rules_file.read_text(encoding="utf-8"))
        except OSError as error:
            raise WeightsError(f"{rules_file.name}: cannot be read ({error.strerror}).") from None
        except tomllib.TOMLDecodeError as error:
            raise WeightsError(f"{rules_file.name}: not a TOML file ({error}).") from None
        values.update(_values(rules_file.name, own, complete=False))
    return Weights(**values)


def _values(file_name: str, data: dict[str, Any], complete: bool) -> dict[str, float]:
    known_tables = {table for table, _ in _KEYS}
    for table, content in data.items():
        if table not in known_tables:
            raise WeightsError(
                f"{file_name}: [{table}] is not a table of brokerage rules; known: "
                f"{', '.join(sorted(known_tables))}."
            )
        if not isinstance(content, dict):
            raise WeightsError(f"{file_name}: {table} should be a table ([{table}]).")
        for key in content:
            if (table, key) not in _KEYS:
                known = ", ".join(k for t, k in _KEYS if t == table)
                raise WeightsError(f"{file_name}: {table}.{key} is not a known key; [{table}] has {known}.")
    values: dict[str, float] = {}
    for (table, key), name in _KEYS.items():
        value = data.get(table, {}).get(key)
        if value is None:
            if complete:
                raise WeightsError(f"{file_name}: {table}.{key} is missing.")
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise WeightsError(f"{file_name}: {table}.{key} should be a number, not {value!r}.")
        if value < 0:
            raise WeightsError(f"{file_name}: {table}.{key} should be 0 or more, not {value}.")
        if name == "context_fsm_span" and value == 0:
            raise WeightsError(f"{file_name}: {table}.{key} should be more than 0.")
        values[name] = float(value)
    return values
