"""The forms that change recorded data: what each accepts, checked before anything is written.

Django forms, rendered by our own GOV.UK templates (not by Django): a view binds the POST, and either
hands ``cleaned_data`` to ``audit.audited_change`` or shows the page again with ``errors_of(form)``
in the GOV.UK error summary, each message linked to its field's id. The messages are plain words for
the people using the service, never Django's own wording.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from peerlift.store import access
from peerlift.store.comparators import MAX_MEMBERS
from peerlift.store.models import ComparatorSet
from peerlift.web.accounts import Scope
from peerlift.web.models import ROLE_CHOICES, Network, NetworkMember, Role
from peerlift.web.permissions import Viewer

NOTE_LENGTH = 10_000
NETWORK_NAME_LENGTH = 120


class Form(forms.Form):
    """A form whose errors are keyed by the id of the field on the page (a group of radios is
    linked through its first radio's id)."""

    field_ids: ClassVar[dict[str, str]] = {}


def errors_of(form: Form) -> dict[str, str]:
    """Each field's messages by the field's id on the page, in the order of the fields there."""
    order = {name: n for n, name in enumerate(form.fields)}
    named = sorted(form.errors.items(), key=lambda item: order.get(item[0], len(order)))
    return {form.field_ids.get(name, name): " ".join(messages) for name, messages in named}


def _urn(value: str) -> int | None:
    text = value.strip()
    return int(text) if text.isdigit() else None


class NoteForm(Form):
    """A note about a school: some text, at most 10,000 characters, surrounding spaces dropped."""

    text = forms.CharField(
        max_length=NOTE_LENGTH,
        error_messages={
            "required": "Enter a note",
            "max_length": f"A note must be {NOTE_LENGTH:,} characters or fewer",
        },
    )


class NetworkNameForm(Form):
    """A network's name: unique within its LA, case-insensitively (users are given networks by name)."""

    name = forms.CharField(
        max_length=NETWORK_NAME_LENGTH,
        error_messages={
            "required": "Enter the network's name",
            "max_length": f"A network's name must be {NETWORK_NAME_LENGTH} characters or fewer",
        },
    )

    def __init__(self, data: Any, *, la: int | None, network: Network | None = None) -> None:
        super().__init__(data)
        self.la, self.network = la, network

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        taken = Network.objects.filter(la_code=self.la, name__iexact=name)
        if self.network is not None:
            taken = taken.exclude(pk=self.network.pk)
        if taken.exists():
            raise ValidationError(f"There is already a network called {name}")
        return name


class NetworkSchoolForm(Form):
    """A school to add to a network: in the register, of the network's LA, not in it already."""

    urn = forms.CharField(error_messages={"required": "Enter the school's URN, a number such as 100001"})

    def __init__(self, data: Any, *, network: Network) -> None:
        super().__init__(data)
        self.network = network

    def clean_urn(self) -> int:
        urn = _urn(self.cleaned_data["urn"])
        if urn is None:
            raise ValidationError("Enter the school's URN, a number such as 100001")
        la = access.school_la(urn)
        if la is None:
            raise ValidationError(f"There is no school with URN {urn} in the register")
        own = self.network.la_code
        if own is not None and la != own:
            raise ValidationError(
                f"URN {urn} is a school of another LA: a network has only schools of LA {own}"
            )
        if self.network.members.filter(urn=urn).exists():
            raise ValidationError(f"URN {urn} is already in the network")
        return urn


class RemoveSchoolForm(Form):
    """A school of the network to take out of it (the member row itself once cleaned)."""

    remove_urn = forms.CharField(error_messages={"required": "Choose a school of the network to remove"})

    def __init__(self, data: Any, *, network: Network) -> None:
        super().__init__(data)
        self.network = network

    def clean_remove_urn(self) -> NetworkMember:
        urn = _urn(self.cleaned_data["remove_urn"])
        member = self.network.members.filter(urn=urn).first() if urn is not None else None
        if member is None:
            raise ValidationError("Choose a school of the network to remove")
        return member


class UserForm(Form):
    """A user's role and scope as an administrator may grant them, and a password.

    An LA administrator's users are always of their own LA (the LA field is not theirs to choose):
    a headteacher's school must be in it, a network lead's networks must be its networks. Only a
    superuser chooses the LA, and only a superuser may leave a superuser with no role. ``scope`` is
    the result, None for a superuser with no role."""

    field_ids: ClassVar[dict[str, str]] = {"role": "role-admin"}

    username = forms.CharField(
        max_length=150,
        required=False,
        error_messages={"max_length": "A username must be 150 characters or fewer"},
    )
    full_name = forms.CharField(
        max_length=150,  # first and last name are 150 each in Django's User; the first word may be all
        required=False,
        error_messages={"max_length": "A name must be 150 characters or fewer"},
    )
    email = forms.EmailField(
        max_length=254,
        required=False,
        error_messages={
            "invalid": "Enter an email address like name@example.org",
            "max_length": "An email address must be 254 characters or fewer",
        },
    )
    role = forms.ChoiceField(
        choices=ROLE_CHOICES, required=False, error_messages={"invalid_choice": "Choose a role"}
    )
    la = forms.CharField(required=False)
    urn = forms.CharField(required=False)
    networks = forms.CharField(required=False)
    active = forms.BooleanField(required=False)
    password = forms.CharField(required=False, strip=False)

    def __init__(self, data: Any, *, viewer: Viewer, editing: User | None = None) -> None:
        super().__init__(data)
        self.viewer, self.editing = viewer, editing
        self.scope: Scope | None = None

    def clean_username(self) -> str:
        if self.editing is not None:
            return self.editing.username
        username: str = self.cleaned_data["username"]
        if not username:
            raise ValidationError("Enter a username")
        if User.objects.filter(username=username).exists():
            raise ValidationError(f"There is already a user called {username!r}")
        return username

    def clean_la(self) -> int | None:
        if not self.viewer.superuser:
            return self.viewer.la  # an LA administrator's users are of their LA, whatever was sent
        text: str = self.cleaned_data["la"].strip()
        if text and not text.isdigit():
            raise ValidationError("Enter the LA code as a number, for example 331")
        return int(text) if text else None

    def clean_networks(self) -> tuple[str, ...]:
        return tuple(n.strip() for n in self.cleaned_data["networks"].split(",") if n.strip())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._password(data)
        role_text = data.get("role") or ""
        if not role_text:
            if self.editing is None or not self.editing.is_superuser:
                self.add_error("role", "Choose a role")
            return data  # a superuser left with no role: scope None
        role, la, networks = Role(role_text), data.get("la"), data.get("networks", ())
        urn = self._school(role, data.get("urn", ""))
        if role is Role.NETWORK_LEAD:
            self._networks(networks, la)
        if role in (Role.ADMIN, Role.OFFICER, Role.MEMBER) and la is None:
            self.add_error("la", "Enter the LA code")
        if not self.errors:
            self.scope = Scope(role, la, urn, networks if role is Role.NETWORK_LEAD else ())
        return data

    def _school(self, role: Role, text: str) -> int | None:
        if role is not Role.HEADTEACHER:
            return None
        urn = _urn(text)
        if urn is None:
            self.add_error("urn", "Enter the URN of the headteacher's or governor's school")
            return None
        la = access.school_la(urn)
        if la is None:
            self.add_error("urn", f"There is no school with URN {urn} in the register")
        elif not self.viewer.superuser and la != self.viewer.la:
            self.add_error("urn", "You can only add users for schools in your LA")
        return urn

    def _networks(self, networks: tuple[str, ...], la: int | None) -> None:
        if not networks:
            self.add_error("networks", "Enter at least one network name")
            return
        known = set(Network.objects.filter(la_code=la).values_list("name", flat=True))
        unknown = sorted(set(networks) - known)
        if unknown:
            where = "Your LA has" if not self.viewer.superuser else f"LA {la} has"
            self.add_error("networks", f"{where} no network called {', '.join(unknown)}: make it first")

    def _password(self, data: dict[str, Any]) -> None:
        """Checked before anything is changed, so that a refused password changes nothing."""
        password = data.get("password") or ""
        if not password:
            return
        user = self.editing or User(username=data.get("username") or "", email=data.get("email") or "")
        try:
            validate_password(password, user)
        except ValidationError as error:
            self.add_error("password", " ".join(error.messages))


COMPARATOR_NAME_LENGTH = 80


class ComparatorSetForm(Form):
    """A custom comparator set: a name unique among the owner's sets, 1 to 30 LAs the register knows
    (the LA itself left out), and whether the LA's other users may use it."""

    field_ids: ClassVar[dict[str, str]] = {"members": "members", "shared": "shared"}

    name = forms.CharField(
        max_length=COMPARATOR_NAME_LENGTH,
        error_messages={
            "required": "Enter a name for the set",
            "max_length": f"A set's name must be {COMPARATOR_NAME_LENGTH} characters or fewer",
        },
    )
    members = forms.MultipleChoiceField(
        error_messages={
            "required": "Choose at least one LA to compare with",
            "invalid_choice": "Choose LAs from the list",
        }
    )
    shared = forms.ChoiceField(
        choices=[("no", "Only me"), ("yes", "Everyone in my LA")],
        error_messages={
            "required": "Choose who may use the set",
            "invalid_choice": "Choose who may use the set",
        },
    )

    def __init__(
        self,
        data: Any,
        *,
        la: int,
        owner: str,
        authorities: list[tuple[int, str]],
        existing: ComparatorSet | None = None,
    ) -> None:
        super().__init__(data)
        self.la, self.owner, self.existing = la, owner, existing
        self.fields["members"].choices = [(str(code), name) for code, name in authorities if code != la]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        taken = ComparatorSet.objects.filter(owner=self.owner, name__iexact=name)
        if self.existing is not None:
            taken = taken.exclude(pk=self.existing.pk)
        if taken.exists():
            raise ValidationError(f"You already have a set called {name}")
        return name

    def clean_members(self) -> list[int]:
        chosen = [int(code) for code in self.cleaned_data["members"]]
        if len(chosen) > MAX_MEMBERS:
            raise ValidationError(f"Choose at most {MAX_MEMBERS} LAs (you chose {len(chosen)})")
        return chosen

    def clean_shared(self) -> bool:
        return bool(self.cleaned_data["shared"] == "yes")
