"""Creating and changing users with their role and scope, audited: shared by `peerlift createuser`,
the demo logins and the user administration pages."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password

from peerlift.store import access
from peerlift.web import audit
from peerlift.web.models import Network, NetworkMember, Profile, Role


class AccountError(ValueError):
    """A user cannot be made or changed as asked; the message says why."""


@dataclass(frozen=True)
class Scope:
    """A role and where it applies."""

    role: Role
    la: int | None = None
    urn: int | None = None
    networks: tuple[str, ...] = ()

    def la_of(self) -> int | None:
        """The LA the user belongs to: their own, or their school's."""
        if self.la is not None:
            return self.la
        return access.school_la(self.urn) if self.urn is not None else None

    def check(self) -> None:
        """Each role needs its scope, and the scope must exist: an LA, a school in the register, or
        networks of the LA (a mistyped name must not quietly make a new network)."""
        if self.role in (Role.ADMIN, Role.OFFICER, Role.MEMBER) and self.la is None:
            raise AccountError(f"a user with the role {self.role.label!r} needs an LA code")
        if self.role is Role.HEADTEACHER:
            if self.urn is None:
                raise AccountError("a headteacher or governor needs their school's URN")
            if access.school_la(self.urn) is None:
                raise AccountError(f"there is no school with URN {self.urn} in the register")
        if self.role is Role.NETWORK_LEAD and not self.networks:
            raise AccountError("a network lead needs at least one network")
        known = set(Network.objects.filter(la_code=self.la).values_list("name", flat=True))
        unknown = sorted(set(self.networks) - known)
        if unknown:
            where = f"LA {self.la}" if self.la is not None else "the register"
            raise AccountError(
                f"{where} has no network called {', '.join(unknown)}: an LA administrator makes networks "
                "on the LA's networks page first"
            )


def _checked(scope: Scope | None, superuser: bool) -> None:
    """A user needs a role with its scope, except a superuser, who need not belong to an LA."""
    if scope is None:
        if not superuser:
            raise AccountError("a user needs a role, unless they are a superuser")
    else:
        scope.check()


def create_user(
    username: str,
    password: str | None,
    scope: Scope | None,
    *,
    actor: str,
    full_name: str = "",
    email: str = "",
    superuser: bool = False,
) -> tuple[User, str]:
    """Make a user with a role (``scope`` None: a superuser with none); returns the user and the
    password (generated when none is given)."""
    _checked(scope, superuser)
    if User.objects.filter(username=username).exists():
        raise AccountError(f"there is already a user called {username!r}")
    password = password or secrets.token_urlsafe(12)
    try:
        validate_password(password, User(username=username, email=email))
    except Exception as error:  # Django's ValidationError, with its list of messages
        raise AccountError(" ".join(getattr(error, "messages", [str(error)]))) from None
    first, _, last = full_name.partition(" ")

    def make() -> User:
        user = User.objects.create_user(
            username, email=email, password=password, first_name=first, last_name=last
        )
        if superuser:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        _apply_scope(user, scope)
        return user

    la = scope.la_of() if scope else None
    return audit.audited_change(actor, "create user", audit.USER, make, la=la), password


def change_user(user: User, scope: Scope | None, *, active: bool, actor: str) -> None:
    """Change a user's role, scope or whether they may sign in (``scope`` None: no role, for a
    superuser only). Logged under the LA the user belongs to after the change, or before it."""
    _checked(scope, user.is_superuser)

    def change() -> User:
        user.is_active = active
        user.save(update_fields=["is_active"])
        _apply_scope(user, scope)
        return user

    la = scope.la_of() if scope else _la_of(user)
    audit.audited_change(actor, "change user", audit.USER, change, la=la, target=user)


def set_password(user: User, password: str, *, actor: str) -> None:
    """Give a user a new password (checked by Django's validators first)."""
    validate_password(password, user)

    def change() -> User:
        user.set_password(password)
        user.save(update_fields=["password"])
        return user

    audit.audited_change(actor, "set password", audit.PASSWORD, change, la=_la_of(user))


def _la_of(user: User) -> int | None:
    profile = Profile.objects.filter(user=user).first()
    return Scope(Role(profile.role), profile.la_code, profile.urn).la_of() if profile else None


def _apply_scope(user: User, scope: Scope | None) -> None:
    if scope is None:
        Profile.objects.filter(user=user).delete()
        return
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"role": scope.role})
    profile.role = scope.role
    profile.la_code = scope.la
    profile.urn = scope.urn
    profile.save()
    profile.networks.set(Network.objects.filter(la_code=scope.la, name__in=scope.networks))


def network_named(name: str, la: int | None = None) -> Network:
    """The LA's network of that name, made if it has none: a name never reaches another LA's network."""
    network, _ = Network.objects.get_or_create(name=name, la_code=la)
    return network


def add_to_network(name: str, urns: list[int], la: int | None = None) -> Network:
    network = network_named(name, la)
    current = set(NetworkMember.objects.current().filter(network=network).values_list("urn", flat=True))
    for urn in urns:
        if urn not in current:
            NetworkMember.objects.create(network=network, urn=urn)
    return network


DEMO_NETWORK = "Demo network"


def demo_users(la: int, *, actor: str) -> list[tuple[str, str, str]]:
    """One user per role for an LA's demo (the headteacher of its first open school; a network lead of
    its first five), made or given a fresh password: (username, role, password) for each."""
    from peerlift.store.models import Establishment

    schools = list(
        Establishment.objects.filter(la_code=la, status__icontains="open")
        .order_by("urn")
        .values_list("urn", flat=True)[:5]
    )
    if not schools:
        raise AccountError(f"the register has no open school in LA {la}: load the demo data first")
    add_to_network(DEMO_NETWORK, schools, la)
    scopes = {
        f"demo-admin-{la}": Scope(Role.ADMIN, la=la),
        f"demo-officer-{la}": Scope(Role.OFFICER, la=la),
        f"demo-head-{la}": Scope(Role.HEADTEACHER, la=la, urn=schools[0]),
        f"demo-lead-{la}": Scope(Role.NETWORK_LEAD, la=la, networks=(DEMO_NETWORK,)),
        f"demo-member-{la}": Scope(Role.MEMBER, la=la),
    }
    logins = []
    for username, scope in scopes.items():
        password = secrets.token_urlsafe(12)
        user = User.objects.filter(username=username).first()
        if user is None:
            create_user(username, password, scope, actor=actor)
        else:
            change_user(user, scope, active=True, actor=actor)
            set_password(user, password, actor=actor)
        logins.append((username, scope.role.label, password))
    return logins
