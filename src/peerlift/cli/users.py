"""Commands for the web application's users."""

from __future__ import annotations

from typing import Annotated

import typer

from peerlift.cli.common import (
    DbOption,
    Format,
    app,
    console,
    emit,
    fail,
    open_database,
)

PANEL = "Users"


@app.command(rich_help_panel=PANEL)
def createuser(
    username: Annotated[str, typer.Argument(help="The name they sign in with.")],
    role: Annotated[
        str | None,
        typer.Option(
            help="admin, officer, headteacher, network_lead or member (default officer; a superuser "
            "needs none)."
        ),
    ] = None,
    la: Annotated[int | None, typer.Option(help="Their LA (old 3-digit code, e.g. 331).")] = None,
    urn: Annotated[int | None, typer.Option(help="A headteacher's or governor's school.")] = None,
    network: Annotated[list[str] | None, typer.Option(help="A network lead's network (repeatable).")] = None,
    full_name: Annotated[str, typer.Option(help="Their name.")] = "",
    email: Annotated[str, typer.Option(help="Their email address.")] = "",
    superuser: Annotated[
        bool, typer.Option(help="May see and manage everything, in every LA; needs no role or LA.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Create a web user with a role and its scope; prints a generated password once."""
    open_database(db)
    from peerlift.web import accounts
    from peerlift.web.models import Role

    scoped = role is not None or la is not None or urn is not None or bool(network)
    try:
        scope = (
            accounts.Scope(Role(role or "officer"), la=la, urn=urn, networks=tuple(network or ()))
            if scoped or not superuser
            else None
        )
        user, password = accounts.create_user(
            username, None, scope, actor="cli", full_name=full_name, email=email, superuser=superuser
        )
    except ValueError as error:
        raise fail(f"{error}.") from None
    label = scope.role.label if scope else "superuser, no role"
    if scope and superuser:
        label = f"superuser, {label}"
    console.print(f"Created {user.username} ({label}). Password: {password}", highlight=False)


@app.command("demo-users", rich_help_panel=PANEL)
def demo_users(
    la: Annotated[int, typer.Option(help="The LA whose demo logins to make.")] = 999,
    db: DbOption = None,
) -> None:
    """Make (or reset) one login per role for an LA, e.g. the demo LA, and print them."""
    open_database(db)
    from peerlift.web import accounts

    try:
        logins = accounts.demo_users(la, actor="cli")
    except accounts.AccountError as error:
        raise fail(f"{error}.") from None
    emit([{"username": u, "role": r, "password": p} for u, r, p in logins], Format.TABLE)
