"""The forms that change recorded data: what each accepts, checked before anything is written.

Django forms, rendered by our own GOV.UK templates (not by Django): a view binds the POST, and either
hands ``cleaned_data`` to ``audit.audited_change`` or shows the page again with ``errors_of(form)``
in the GOV.UK error summary, each message linked to its field's id. The messages are plain words for
the people using the service, never Django's own wording.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, ClassVar

from django import forms
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from peerlift.analysis import milestones
from peerlift.analysis.partner_days import CATEGORIES
from peerlift.analysis.partner_days import MOST_DAYS as MOST_SCHOOL_DAYS
from peerlift.brokerage.model import Area, OfferKind
from peerlift.domain.networks import vocabulary as network_words
from peerlift.sources import careers as templates
from peerlift.store import access, partners
from peerlift.store.comparators import MAX_MEMBERS
from peerlift.store.models import BrokerageNeed, BrokerageOffer, ComparatorSet, ImprovementPartner
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


def _urn_in_la(value: str, la: int) -> int:
    """A URN typed into a form about an LA's schools: a number, of a school of that LA."""
    urn = _urn(value)
    if urn is None:
        raise ValidationError("Enter the school's URN as a number, such as 100001")
    if access.school_la(urn) != la:
        raise ValidationError(f"There is no school with URN {urn} in this LA")
    return urn


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
    """A school to add to a network, by URN or by name: in the register, of the network's LA, not in
    it already. A name (or town, or postcode) that is not a URN leaves ``candidates``: the schools it
    finds, for the page to offer (the search that works without JavaScript)."""

    urn = forms.CharField(error_messages={"required": "Enter the school's name or URN"})

    def __init__(self, data: Any, *, network: Network) -> None:
        super().__init__(data)
        self.network = network
        self.candidates: list[dict[str, Any]] = []

    def clean_urn(self) -> int:
        text = self.cleaned_data["urn"].strip()
        urn = _urn(text) or _urn_in(text)
        if urn is None:
            self.candidates = self._find(text)
            if not self.candidates:
                raise ValidationError(
                    "No open school of the network's LA has a name, town or postcode like "
                    f"\u201c{text}\u201d: check the spelling, or enter its URN"
                )
            raise ValidationError("Choose the school from the list below, or enter its URN")
        la = access.school_la(urn)
        if la is None:
            raise ValidationError(f"There is no school with URN {urn} in the register")
        own = self.network.la_code
        if own is not None and la != own:
            raise ValidationError(
                f"URN {urn} is a school of another LA: a network has only schools of LA {own}"
            )
        if self.network.members.current().filter(urn=urn).exists():
            raise ValidationError(f"URN {urn} is already in the network")
        return urn

    def _find(self, text: str) -> list[dict[str, Any]]:
        members = set(self.network.members.current().values_list("urn", flat=True))
        search = access.SchoolSearch(text=text, la=self.network.la_code, open_only=True)
        _, rows = access.search_schools(search, limit=CANDIDATES + len(members))
        return [r for r in rows if r["urn"] not in members][:CANDIDATES]


CANDIDATES = 20  # schools a name search offers to add at most


def _urn_in(text: str) -> int | None:
    """The URN in a suggestion's text, 'Alton Infant School (URN 115850)' (what the autocomplete puts in)."""
    found = re.search(r"\(URN (\d+)\)\s*$", text)
    return int(found.group(1)) if found else None


class RemoveSchoolForm(Form):
    """A school of the network to take out of it (the member row itself once cleaned)."""

    remove_urn = forms.CharField(error_messages={"required": "Choose a school of the network to remove"})

    def __init__(self, data: Any, *, network: Network) -> None:
        super().__init__(data)
        self.network = network

    def clean_remove_urn(self) -> NetworkMember:
        urn = _urn(self.cleaned_data["remove_urn"])
        member = self.network.members.current().filter(urn=urn).first() if urn is not None else None
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


# ---------------------------------------------------------------------------------------------
# Dates, as the GOV.UK date input asks for them: day, month and year in three fields


class DateParts(forms.Widget):
    """Reads ``<name>-day``, ``<name>-month`` and ``<name>-year``; an address that gives ``<name>`` as
    an ISO date (the JSON API's documented parameters, bookmarks) is read as that date's parts."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, str]:
        parts = {part: str(data.get(f"{name}-{part}", "")).strip() for part in ("day", "month", "year")}
        iso = str(data.get(name, "")).strip()
        if not any(parts.values()) and iso:
            pieces = iso[:10].split("-")
            if len(pieces) == 3:
                return dict(zip(("year", "month", "day"), pieces, strict=True)) | {"iso": iso}
            return {"day": "", "month": "", "year": iso, "iso": iso}
        return parts

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(data.get(f"{name}-{p}") for p in ("day", "month", "year")) and not data.get(name)


class DateField(forms.Field):
    """A date from the GOV.UK date input, with messages that say what to fix, naming the date
    (``what``, e.g. "The first day"): "The first day must include a month", "... must be a real date",
    "The year of the first day must be 4 numbers, for example 2024". ``wrong`` (after cleaning) says
    which of the three fields to mark in error."""

    widget = DateParts

    def __init__(self, *, what: str, example: str = "27 3 2024", **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.what = what
        self.example = example
        self.wrong: tuple[str, ...] = ()

    def to_python(self, value: Any) -> dt.date | None:
        parts = value if isinstance(value, dict) else {}
        if not any(parts.get(p) for p in ("day", "month", "year")):
            if self.required:
                self.wrong = ("day", "month", "year")
                raise ValidationError(f"Enter {self.what.lower()}, for example {self.example}")
            return None
        missing = [p for p in ("day", "month", "year") if not parts.get(p)]
        if missing:
            self.wrong = tuple(missing)
            raise ValidationError(f"{self.what} must include a {' and a '.join(missing)}")
        day, month, year = (parts[p] for p in ("day", "month", "year"))
        if not (year.isdigit() and len(year) == 4):
            self.wrong = ("year",)
            raise ValidationError(f"The year of {self.what.lower()} must be 4 numbers, for example 2024")
        if not (day.isdigit() and month.isdigit()):
            self.wrong = tuple(p for p in ("day", "month") if not parts[p].isdigit())
            raise ValidationError(f"{self.what} must be a real date, with the day and month as numbers")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            self.wrong = ("day", "month", "year")
            raise ValidationError(f"{self.what} must be a real date") from None


def date_parts(form: forms.Form, name: str, shown: dt.date | None) -> dict[str, Any]:
    """What ``web/_date_input.html`` needs for one date: the parts as typed (or of ``shown``), the
    error and which parts are wrong."""
    field = form.fields[name]
    typed = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    if not any(typed.get(p) for p in ("day", "month", "year")) and shown is not None:
        typed = {"day": str(shown.day), "month": str(shown.month), "year": str(shown.year)}
    error = " ".join(form.errors.get(name, []))
    return {
        "name": form.add_prefix(name),
        "day": typed.get("day", ""),
        "month": typed.get("month", ""),
        "year": typed.get("year", ""),
        "error": error,
        "wrong": getattr(field, "wrong", ()) if error else (),
    }


class ExtractDateForm(Form):
    """The date of a GIAS extract whose file name carries none (the upload page's optional date)."""

    field_ids: ClassVar[dict[str, str]] = {"extract_date": "extract_date-day"}
    extract_date = DateField(what="The date of the extract", example="20 4 2022")


class DatesForm(Form):
    """A first and a last day (``from`` and ``to`` on the page), either left out for a default."""

    field_ids: ClassVar[dict[str, str]] = {"from": "from-day", "to": "to-day"}

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["from"] = DateField(what="The first day")
        self.fields["to"] = DateField(what="The last day")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.fields["to"].wrong = ("day", "month", "year")
            self.add_error("to", "The last day must be the same as or after the first day")
        return cleaned


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


RATIONALE_LENGTH = 5_000
CONCERN_NOTE_LENGTH = 5_000


class OverrideForm(Form):
    """An officer's category for a school: 1 to 4, and why (required: the discussion with the school)."""

    category = forms.TypedChoiceField(
        choices=[("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")],
        coerce=int,
        error_messages={"required": "Choose a category", "invalid_choice": "Choose a category from 1 to 4"},
    )
    rationale = forms.CharField(
        max_length=RATIONALE_LENGTH,
        error_messages={
            "required": "Enter the rationale: the discussion with the school and what was agreed",
            "max_length": f"The rationale must be {RATIONALE_LENGTH:,} characters or fewer",
        },
    )
    discussed_on = DateField(what="The date of the discussion", example="19 1 2026")
    field_ids: ClassVar[dict[str, str]] = {"category": "category-1", "discussed_on": "discussed_on-day"}


class ConcernForm(Form):
    """A concern about a school: its kind, when it was raised (not in the future) and a note."""

    field_ids: ClassVar[dict[str, str]] = {"raised_on": "raised_on-day"}

    kind = forms.ChoiceField(
        choices=[],
        error_messages={
            "required": "Choose the kind of concern",
            "invalid_choice": "Choose the kind of concern",
        },
    )
    raised_on = DateField(what="The date it was raised", example="19 1 2026", required=True)
    note = forms.CharField(
        required=False,
        max_length=CONCERN_NOTE_LENGTH,
        error_messages={"max_length": f"A note must be {CONCERN_NOTE_LENGTH:,} characters or fewer"},
    )

    def __init__(self, data: Any) -> None:
        from peerlift.store.concerns import KINDS

        super().__init__(data)
        self.fields["kind"].choices = list(KINDS.items())

    def clean_raised_on(self) -> Any:
        import datetime as dt

        raised = self.cleaned_data["raised_on"]
        if raised > dt.date.today():
            raise ValidationError("The date it was raised cannot be in the future")
        return raised


class CloseConcernForm(Form):
    """Closing a concern: when (not before it was raised; checked on closing) and why."""

    field_ids: ClassVar[dict[str, str]] = {"closed_on": "closed_on-day"}

    closed_on = DateField(what="The date it closed", example="19 1 2026", required=True)
    note = forms.CharField(
        required=False,
        max_length=CONCERN_NOTE_LENGTH,
        error_messages={"max_length": f"A note must be {CONCERN_NOTE_LENGTH:,} characters or fewer"},
    )


RULES_FILE_BYTES = 200_000


class RulesUploadForm(Form):
    """An LA's own rules file: TOML, at most 200 kB; its content is checked by the rules' own parser."""

    rules_file = forms.FileField(
        error_messages={"required": "Choose a rules file (TOML)", "empty": "The file is empty"},
    )

    def clean_rules_file(self) -> Any:
        upload = self.cleaned_data["rules_file"]
        if upload.size > RULES_FILE_BYTES:
            raise ValidationError(f"A rules file must be {RULES_FILE_BYTES // 1000} kB or smaller")
        try:
            return upload.name, upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError("The rules file must be text in UTF-8 (a .toml file)") from None


PARTNER_NAME_LENGTH = 120


class PartnerForm(Form):
    """An improvement partner: a name unique in the LA, days in a year, the phase groups they take."""

    field_ids: ClassVar[dict[str, str]] = {"phases": "phases-primary"}

    name = forms.CharField(
        max_length=PARTNER_NAME_LENGTH,
        error_messages={
            "required": "Enter the partner's name",
            "max_length": f"A partner's name must be {PARTNER_NAME_LENGTH} characters or fewer",
        },
    )
    days = forms.IntegerField(
        min_value=0,
        max_value=partners.MOST_DAYS,
        error_messages={
            "required": "Enter the days the partner has in a year",
            "invalid": "Enter the days as a whole number, such as 30",
            "min_value": "The days cannot be fewer than 0",
            "max_value": f"The days must be {partners.MOST_DAYS} or fewer",
        },
    )
    phases = forms.MultipleChoiceField(
        choices=[(phase, phase) for phase in partners.PHASES],
        error_messages={
            "required": "Choose at least one phase the partner works in",
            "invalid_choice": "Choose phases from the list",
        },
    )
    active = forms.BooleanField(required=False)

    def __init__(self, data: Any, *, la: int, partner: ImprovementPartner | None = None) -> None:
        super().__init__(data)
        self.la, self.partner = la, partner

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        taken = partners.partner_named(self.la, name)
        if taken is not None and (self.partner is None or taken.pk != self.partner.pk):
            raise ValidationError(f"There is already a partner called {name}")
        return name


class PartnerDaysForm(Form):
    """The days a school is given in a year for each category, whole numbers from 0 to 200."""

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        for category in CATEGORIES:
            self.fields[f"days_{category}"] = forms.IntegerField(
                min_value=0,
                max_value=MOST_SCHOOL_DAYS,
                error_messages={
                    "required": f"Enter the days for category {category}",
                    "invalid": f"Enter the days for category {category} as a whole number, such as 5",
                    "min_value": f"The days for category {category} cannot be fewer than 0",
                    "max_value": f"The days for category {category} must be {MOST_SCHOOL_DAYS} or fewer",
                },
            )

    def table(self) -> dict[int, int]:
        return {category: self.cleaned_data[f"days_{category}"] for category in CATEGORIES}


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year, such as 2026",
            "invalid": "Enter the year as four digits, such as 2026",
            "min_value": "Enter a year from 2000 to 2100",
            "max_value": "Enter a year from 2000 to 2100",
        },
    )


class AllocationYearForm(Form):
    """The year of an allocation to run or accept (the page's year field shows its errors)."""

    field_ids: ClassVar[dict[str, str]] = {"year": "year-choice"}
    year = _year_field()


class PinForm(Form):
    """A school of the LA pinned to one of its active partners for a year."""

    field_ids: ClassVar[dict[str, str]] = {"year": "year-choice"}

    year = _year_field()
    urn = forms.CharField(error_messages={"required": "Enter the school's URN, a number such as 100001"})
    partner = forms.TypedChoiceField(
        coerce=int, error_messages={"required": "Choose the partner", "invalid_choice": "Choose a partner"}
    )

    def __init__(self, data: Any, *, la: int) -> None:
        super().__init__(data)
        self.la = la
        choices = [(p.pk, p.name) for p in partners.partners(la, active_only=True)]
        self.fields["partner"].choices = choices

    def clean_urn(self) -> int:
        return _urn_in_la(self.cleaned_data["urn"], self.la)


class UnpinForm(Form):
    """A pinned school of the LA to set free for a year."""

    field_ids: ClassVar[dict[str, str]] = {"year": "year-choice", "urn": "unpin-urn"}

    year = _year_field()
    urn = forms.CharField(
        error_messages={"required": "Enter the pinned school's URN, a number such as 100001"}
    )

    def __init__(self, data: Any, *, la: int) -> None:
        super().__init__(data)
        self.la = la

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        urn = _urn(data.get("urn", ""))
        if urn is None:
            self.add_error("urn", "Enter the pinned school's URN as a number, such as 100001")
        elif "year" in data:
            pin = partners.pin_of(self.la, data["year"], urn)
            if pin is None:
                self.add_error("urn", f"School {urn} is not pinned to a partner this year")
            data["pin"] = pin
        return data


TRAINING_TEXT_LENGTH = 200


def _text(required: str, what: str) -> forms.CharField:
    return forms.CharField(
        max_length=TRAINING_TEXT_LENGTH,
        required=bool(required),
        error_messages={
            "required": required,
            "max_length": f"{what} must be {TRAINING_TEXT_LENGTH} characters or fewer",
        },
    )


class TrainingForm(Form):
    """A governor of one of the LA's schools at a course (the course is made when it is new)."""

    field_ids: ClassVar[dict[str, str]] = {"course_date": "course_date-day"}

    course_title = _text("Enter the course's title", "A course's title")
    course_date = DateField(what="The day the course ran", example="14 3 2026", required=True)
    provider = _text("", "The provider")
    topic = _text("", "The topic")
    urn = forms.CharField(error_messages={"required": "Enter the school's URN"})
    governor = _text("Enter the governor's name or role", "The governor's name or role")

    def __init__(self, data: Any, *, la: int) -> None:
        super().__init__(data)
        self.la = la

    def clean_urn(self) -> int:
        return _urn_in_la(self.cleaned_data["urn"], self.la)


class GatsbyForm(Form):
    """A school's Gatsby results for a school year, entered by hand (the template's rules)."""

    urn = forms.CharField(error_messages={"required": "Enter the school's URN"})
    year = forms.CharField(error_messages={"required": "Enter the school year, for example 2024/25"})
    careers_hub = forms.ChoiceField(
        choices=[("", "Not said"), ("yes", "Yes"), ("no", "No")],
        required=False,
        error_messages={"invalid_choice": "Choose yes, no or not said"},
    )

    def __init__(self, data: Any, *, la: int) -> None:
        super().__init__(data)
        self.la = la
        for key in templates.BENCHMARKS:
            self.fields[key] = forms.CharField(required=False)

    def clean_urn(self) -> int:
        return _urn_in_la(self.cleaned_data["urn"], self.la)

    def clean_year(self) -> int:
        try:
            return templates.academic_year(self.cleaned_data["year"].strip())
        except templates.BadCell:
            raise ValidationError("Enter the school year as 2024/25 or 2025") from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for key in templates.BENCHMARKS:
            try:
                cleaned[key] = templates.percentage(self.data.get(key, "").strip() or None, key)
            except templates.BadCell:
                self.add_error(key, f"Enter {key.upper()} as a percentage from 0 to 100, or leave it blank")
        return cleaned


NEED_ID_LENGTH = 80
MOST_NEED_DAYS = 200
TEMPLATE_FILE_BYTES = 2_000_000


def _area_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[(a.value, a.value) for a in Area],
        error_messages={
            "required": "Choose the area of support",
            "invalid_choice": "Choose an area from the list",
        },
    )


def _urgency_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        coerce=int,
        choices=[(n, str(n)) for n in (1, 2, 3)],
        error_messages={
            "required": "Choose how urgent the need is",
            "invalid_choice": "Choose an urgency of 1, 2 or 3",
        },
    )


def _days_field() -> forms.FloatField:
    return forms.FloatField(
        min_value=0.5,
        max_value=MOST_NEED_DAYS,
        error_messages={
            "required": "Enter the days of support wanted",
            "invalid": "Enter the days as a number, such as 3 or 2.5",
            "min_value": "The days must be at least half a day (0.5)",
            "max_value": f"The days must be {MOST_NEED_DAYS} or fewer",
        },
    )


class NeedEditForm(Form):
    """What an officer may change of a proposed need before accepting it: area, urgency and days."""

    area = _area_field()
    urgency = _urgency_field()
    days = _days_field()


class NeedForm(NeedEditForm):
    """A need entered by hand: a reference unique in the LA, a school of the LA, area, urgency, days."""

    field_order = ["need_id", "urn", "area", "urgency", "days", "notes"]

    need_id = forms.CharField(
        max_length=NEED_ID_LENGTH,
        error_messages={
            "required": "Enter a reference for the need, such as N12",
            "max_length": f"The reference must be {NEED_ID_LENGTH} characters or fewer",
        },
    )
    urn = forms.CharField(error_messages={"required": "Enter the school's URN, a number such as 100001"})
    notes = forms.CharField(required=False, max_length=NOTE_LENGTH)

    def __init__(self, data: Any, *, la: int) -> None:
        super().__init__(data)
        self.la = la

    def clean_need_id(self) -> str:
        need_id: str = self.cleaned_data["need_id"].strip()
        if BrokerageNeed.objects.filter(la_code=self.la, need_id=need_id).exists():
            raise ValidationError(f"There is already a need {need_id} in this LA; choose another reference")
        return need_id

    def clean_urn(self) -> int:
        urn = _urn(self.cleaned_data["urn"])
        if urn is None:
            raise ValidationError("Enter the school's URN as a number, such as 100001")
        if access.school_la(urn) != self.la:
            raise ValidationError(f"There is no school with URN {urn} in this LA")
        return urn


class TemplateUploadForm(Form):
    """A filled-in needs or offers template (CSV or XLSX), at most 2 MB; its rows are checked by the
    template reader, which names the row and column of a bad cell."""

    template_file = forms.FileField(
        error_messages={"required": "Choose a file (CSV or XLSX)", "empty": "The file is empty"},
    )

    def clean_template_file(self) -> Any:
        upload = self.cleaned_data["template_file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise ValidationError("The file must be a CSV or XLSX file (ending .csv or .xlsx)")
        if upload.size > TEMPLATE_FILE_BYTES:
            raise ValidationError(f"The file must be {TEMPLATE_FILE_BYTES // 1_000_000} MB or smaller")
        return upload


MOST_OFFER_DAYS = 200
OFFER_NAME_LENGTH = 255
PHASE_GROUP_NAMES = {
    "nursery": "Nursery",
    "primary": "Primary",
    "secondary": "Secondary",
    "special": "Special",
    "pru_ap": "Pupil referral unit or alternative provision",
    "all_through": "All-through",
    "16_plus": "16 plus",
}


class CapacityForm(Form):
    """What any supporter declares: the areas, the phases it supports (none ticked: every phase), its
    days per term and how far it will travel (blank: anywhere)."""

    field_ids: ClassVar[dict[str, str]] = {"areas": "areas-leadership", "phases": "phases-nursery"}

    areas = forms.MultipleChoiceField(
        choices=[(a.value, a.value) for a in Area],
        error_messages={
            "required": "Choose at least one area of support offered",
            "invalid_choice": "Choose areas from the list",
        },
    )
    phases = forms.MultipleChoiceField(
        required=False,
        choices=list(PHASE_GROUP_NAMES.items()),
        error_messages={"invalid_choice": "Choose phases from the list"},
    )
    capacity_days = forms.FloatField(
        min_value=0.5,
        max_value=MOST_OFFER_DAYS,
        error_messages={
            "required": "Enter the days of support offered in a term",
            "invalid": "Enter the days as a number, such as 10 or 7.5",
            "min_value": "The days must be at least half a day (0.5)",
            "max_value": f"The days must be {MOST_OFFER_DAYS} or fewer",
        },
    )
    max_distance_km = forms.FloatField(
        required=False,
        min_value=0,
        max_value=1000,
        error_messages={
            "invalid": "Enter the distance in kilometres as a number, such as 15, or leave it blank",
            "min_value": "The distance cannot be less than 0",
            "max_value": "The distance must be 1,000 kilometres or less",
        },
    )


class OfferForm(CapacityForm):
    """An officer's offer: a reference (an existing one is edited), the supporter by URN or by name,
    its kind, network and the schools it must not support."""

    field_order = ["offer_id", "kind", "supporter_urn", "supporter_name"]
    offer_id = forms.CharField(
        max_length=NEED_ID_LENGTH,
        error_messages={
            "required": "Enter a reference for the offer, such as O4",
            "max_length": f"The reference must be {NEED_ID_LENGTH} characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        choices=[(k.value, k.value) for k in OfferKind],
        error_messages={"required": "Choose who offers", "invalid_choice": "Choose who offers from the list"},
    )
    supporter_urn = forms.CharField(required=False)
    supporter_name = forms.CharField(
        required=False,
        max_length=OFFER_NAME_LENGTH,
        error_messages={"max_length": f"The name must be {OFFER_NAME_LENGTH} characters or fewer"},
    )
    network = forms.CharField(required=False, max_length=OFFER_NAME_LENGTH)
    conflicts = forms.CharField(required=False, max_length=NOTE_LENGTH)

    def clean_supporter_urn(self) -> int | None:
        text = self.cleaned_data["supporter_urn"].strip()
        if not text:
            return None
        urn = _urn(text)
        if urn is None:
            raise ValidationError("Enter the supporter's URN as a number, such as 100001, or leave it blank")
        return urn

    def clean_conflicts(self) -> list[int]:
        words = [w.strip() for w in self.cleaned_data["conflicts"].replace(",", ";").split(";") if w.strip()]
        wrong = [w for w in words if not w.isdigit()]
        if wrong:
            raise ValidationError(f"{wrong[0]} is not a URN: list the schools' URNs, separated by ;")
        return sorted({int(w) for w in words})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        urn, name = cleaned.get("supporter_urn"), cleaned.get("supporter_name", "")
        if (
            cleaned.get("kind") == OfferKind.SCHOOL.value
            and urn is None
            and "supporter_urn" not in self.errors
        ):
            self.add_error("supporter_urn", "A school's offer needs the school's URN")
        elif urn is None and not name and "supporter_urn" not in self.errors:
            self.add_error("supporter_name", "Enter the supporter's name, or its URN when it has one")
        return cleaned


class BrokerageRuleForm(Form):
    """An officer's pin (this pair must happen) or exclusion (this pair must not): one of the LA's
    open needs and one of its offers."""

    field_ids: ClassVar[dict[str, str]] = {"need": "rule_need", "offer": "rule_offer"}

    need = forms.ChoiceField(
        error_messages={"required": "Choose the need", "invalid_choice": "Choose an open need of this LA"}
    )
    offer = forms.ChoiceField(
        error_messages={"required": "Choose the offer", "invalid_choice": "Choose an offer of this LA"}
    )
    rule = forms.ChoiceField(
        choices=[("pin", "pin"), ("exclude", "exclude")],
        error_messages={"required": "Choose pin or exclude", "invalid_choice": "Choose pin or exclude"},
    )

    def __init__(self, data: Any, *, la: int) -> None:
        super().__init__(data)
        needs = BrokerageNeed.objects.filter(la_code=la, status=BrokerageNeed.Status.OPEN)
        self.fields["need"].choices = [(n, n) for n in needs.values_list("need_id", flat=True)]
        offers = BrokerageOffer.objects.filter(la_code=la).values_list("offer_id", flat=True)
        self.fields["offer"].choices = [(o, o) for o in offers]


# --- brokerage: what-if runs and taking a rule away (issue 13) -------------------------------------


class BrokerageWhatIfForm(Form):
    """A what-if run: one offer's days a term and/or one weight changed for that run only."""

    field_ids: ClassVar[dict[str, str]] = {
        "offer": "whatif_offer",
        "days": "whatif_days",
        "weight": "whatif_weight",
        "value": "whatif_value",
    }

    offer = forms.ChoiceField(
        required=False, error_messages={"invalid_choice": "Choose a confirmed offer of this LA"}
    )
    days = forms.FloatField(
        required=False,
        min_value=0,
        max_value=MOST_OFFER_DAYS,
        error_messages={
            "invalid": "Enter the days as a number, such as 10 or 7.5",
            "min_value": "The days cannot be less than 0",
            "max_value": f"The days must be {MOST_OFFER_DAYS} or fewer",
        },
    )
    weight = forms.ChoiceField(
        required=False, error_messages={"invalid_choice": "Choose a weight from the list"}
    )
    value = forms.FloatField(
        required=False,
        min_value=0,
        max_value=1000,
        error_messages={
            "invalid": "Enter the weight as a number, such as 2 or 0.5",
            "min_value": "A weight cannot be less than 0",
            "max_value": "A weight must be 1,000 or less",
        },
    )

    def __init__(self, data: Any, *, la: int, weights: dict[str, str]) -> None:
        super().__init__(data)
        offers = BrokerageOffer.objects.filter(la_code=la, confirmed=True).values_list("offer_id", flat=True)
        self.fields["offer"].choices = [("", ""), *((o, o) for o in offers)]
        self.fields["weight"].choices = [("", ""), *weights.items()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        offer, days = cleaned.get("offer"), cleaned.get("days")
        weight, value = cleaned.get("weight"), cleaned.get("value")
        if offer and days is None and "days" not in self.errors:
            self.add_error("days", "Enter the days a term this offer has in the what-if run")
        if days is not None and not offer and "offer" not in self.errors:
            self.add_error("offer", "Choose the offer whose days change")
        if weight and value is None and "value" not in self.errors:
            self.add_error("value", "Enter the weight's value in the what-if run")
        if value is not None and not weight and "weight" not in self.errors:
            self.add_error("weight", "Choose the weight that changes")
        if weight == "context_fsm_span" and value == 0:
            self.add_error("value", "The FSM span must be more than 0")
        if not offer and not weight and days is None and value is None:
            self.add_error("offer", "Choose an offer whose days change, or a weight, or both")
        return cleaned


class BrokerageRuleRemoveForm(Form):
    """Take one of the LA's pins or exclusions away."""

    field_ids: ClassVar[dict[str, str]] = {"rule": "remove_rule"}

    rule = forms.ChoiceField(
        error_messages={
            "required": "Choose the pin or exclusion to take away",
            "invalid_choice": "Choose a pin or exclusion of this LA",
        }
    )

    def __init__(self, data: Any, *, la: int, choices: list[tuple[str, str]]) -> None:
        super().__init__(data)
        self.fields["rule"].choices = choices


# --- governance: the flagged list's window (issue 15) ----------------------------------------------


class TrainingWindowForm(Form):
    """How many months back the flagged governors list looks for training (GET; blank: the default)."""

    months = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=120,
        error_messages={
            "invalid": "Enter the months as a whole number, such as 12",
            "min_value": "The months must be 1 or more",
            "max_value": "The months must be 120 or fewer (ten years)",
        },
    )


# --- aspiration events entered by hand (issue 15) --------------------------------------------------

MOST_CHILDREN = 100_000


class AspirationEventForm(Form):
    """An aspirations event of the LA's schools, as the aspiration events template has it: name,
    dates, hosts, volunteers, the schools (URNs of the LA's schools, ``;``-separated), children."""

    field_ids: ClassVar[dict[str, str]] = {"start_date": "start_date-day", "end_date": "end_date-day"}

    event_name = _text("Enter the event's name", "The event's name")
    start_date = DateField(what="The first day of the event", example="9 3 2026", required=True)
    end_date = DateField(what="The last day of the event", example="13 3 2026")
    hosts = _text("", "The hosts")
    volunteers = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MOST_CHILDREN,
        error_messages={
            "invalid": "Enter the volunteers as a whole number, such as 12, or leave it blank",
            "min_value": "The volunteers cannot be fewer than 0",
            "max_value": f"The volunteers must be {MOST_CHILDREN:,} or fewer",
        },
    )
    schools = forms.CharField(error_messages={"required": "Enter the URNs of the schools that took part"})
    children_reached = forms.IntegerField(
        min_value=0,
        max_value=MOST_CHILDREN,
        error_messages={
            "required": "Enter how many children the event reached",
            "invalid": "Enter the children reached as a whole number, such as 240",
            "min_value": "The children reached cannot be fewer than 0",
            "max_value": f"The children reached must be {MOST_CHILDREN:,} or fewer",
        },
    )
    feedback = _text("", "The feedback")

    def __init__(self, data: Any, *, la: int) -> None:
        super().__init__(data)
        self.la = la

    def clean_schools(self) -> list[int]:
        parts = [p.strip() for p in self.cleaned_data["schools"].split(";") if p.strip()]
        if not parts:
            raise ValidationError("Enter the URNs of the schools that took part")
        return list(dict.fromkeys(_urn_in_la(p, self.la) for p in parts))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start is not None and end is not None and end < start:
            self.add_error("end_date", "The last day must be the same as or after the first day")
        return cleaned


# ---------------------------------------------------------------------------------------------
# Surveys (web/views/surveys.py): making a round, and a school's answers to one

SURVEY_TEXT_LENGTH = 2_000
SURVEY_TITLE_LENGTH = 200


class SurveyRoundForm(Form):
    """A new round: the questionnaire (radios), a title, the dates, and whom to ask (every open
    school of the LA, or one of its networks' schools, for that network's own survey)."""

    field_ids: ClassVar[dict[str, str]] = {
        "questionnaire": "questionnaire",
        "opens_on": "opens_on-day",
        "closes_on": "closes_on-day",
        "asked": "asked",
    }

    questionnaire = forms.ChoiceField(
        error_messages={
            "required": "Choose a questionnaire",
            "invalid_choice": "Choose one of the questionnaires",
        }
    )
    title = forms.CharField(
        max_length=SURVEY_TITLE_LENGTH,
        required=False,
        error_messages={"max_length": f"The title must be {SURVEY_TITLE_LENGTH} characters or fewer"},
    )
    opens_on = DateField(what="The day the round opens", example="1 3 2026", required=True)
    closes_on = DateField(what="The day the round closes", example="31 3 2026", required=True)
    asked = forms.ChoiceField(
        error_messages={"required": "Choose whom to ask", "invalid_choice": "Choose whom to ask"}
    )

    def __init__(self, data: Any, *, la: int) -> None:
        from peerlift.analysis import questionnaire

        super().__init__(data)
        self.la = la
        self.fields["questionnaire"].choices = [
            (f"{q.id}:{q.version}", q.title) for q in questionnaire.questionnaires().values()
        ]
        self.fields["asked"].choices = [("all", "Every open school of the LA")] + [
            (str(n.pk), n.name) for n in Network.objects.filter(la_code=la).order_by("name")
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens is not None and closes is not None and closes < opens:
            self.add_error(
                "closes_on", "The day the round closes must be the same as or after the day it opens"
            )
        return cleaned


class SurveyAnswerForm(Form):
    """A school's answers to a round's questions: a radio group per rated question (one of its
    scale's options), a text area per free-text one; who is answering when the questionnaire is
    answered by more than one role."""

    def __init__(self, data: Any, *, questions: Any, roles: tuple[str, ...]) -> None:
        super().__init__(data)
        self.questions = list(questions)
        self.field_ids = {}  # type: ignore[misc]  # this form's own fields, made here
        if len(roles) > 1:
            self.fields["respondent_role"] = forms.ChoiceField(
                choices=[(r, r) for r in roles],
                error_messages={"required": "Say who is answering", "invalid_choice": "Say who is answering"},
            )
            self.field_ids["respondent_role"] = f"respondent_role-{roles[0]}"
        for number, question in enumerate(self.questions, 1):
            name = f"q_{question.id}"
            if question.scale.free_text:
                self.fields[name] = forms.CharField(
                    required=question.required,
                    max_length=SURVEY_TEXT_LENGTH,
                    error_messages={
                        "required": f"Answer question {number} in your own words",
                        "max_length": f"The answer to question {number} must be "
                        f"{SURVEY_TEXT_LENGTH:,} characters or fewer",
                    },
                )
            else:
                self.fields[name] = forms.ChoiceField(
                    choices=[(o.value, o.label) for o in question.scale.options],
                    required=question.required,
                    error_messages={
                        "required": f"Choose an answer to question {number}",
                        "invalid_choice": f"Choose one of the answers to question {number}",
                    },
                )
                self.field_ids[name] = f"{name}-{question.scale.options[0].value}"

    def answers(self) -> dict[str, str]:
        return {q.id: str(self.cleaned_data.get(f"q_{q.id}") or "").strip() for q in self.questions}


# ---------------------------------------------------------------------------------------------
# Support agreements (issue 14, support-web): the forms of the agreement pages. What the state
# machine allows is checked by web/support_changes.py (milestones.toml); these check what is typed.

AGREEMENT_TEXT_LENGTH = 5_000
MOST_AGREEMENT_DAYS = 400
MOST_DELIVERY_DAYS = 50


def _not_future(value: dt.date | None, what: str) -> dt.date | None:
    if value is not None and value > dt.date.today():
        raise ValidationError(f"{what} cannot be in the future")
    return value


def _long_text(required: str, what: str) -> forms.CharField:
    return forms.CharField(
        required=bool(required),
        max_length=AGREEMENT_TEXT_LENGTH,
        error_messages={
            "required": required,
            "max_length": f"{what} must be {AGREEMENT_TEXT_LENGTH:,} characters or fewer",
        },
    )


class AgreementTermsForm(Form):
    """An agreement's terms: days planned, cost and funding, start and planned end, the officer
    responsible and a note for its history."""

    field_ids: ClassVar[dict[str, str]] = {"start_on": "start_on-day", "planned_end_on": "planned_end_on-day"}

    days_planned = forms.FloatField(
        min_value=0.5,
        max_value=MOST_AGREEMENT_DAYS,
        error_messages={
            "required": "Enter the days of support planned",
            "invalid": "Enter the days planned as a number, such as 6 or 4.5",
            "min_value": "The days planned must be at least half a day (0.5)",
            "max_value": f"The days planned must be {MOST_AGREEMENT_DAYS} or fewer",
        },
    )
    cost = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={
            "invalid": "Enter the cost in pounds as a number, such as 1500 or 1250.50, or leave it blank",
            "min_value": "The cost cannot be less than 0",
            "max_digits": "The cost must be less than £100,000,000",
            "max_decimal_places": "Enter the cost in pounds and pence, with at most 2 decimal places",
            "max_whole_digits": "The cost must be less than £100,000,000",
        },
    )
    funding_source = forms.CharField(
        required=False,
        max_length=120,
        error_messages={"max_length": "The funding source must be 120 characters or fewer"},
    )
    start_on = DateField(what="The start date", example="1 9 2026")
    planned_end_on = DateField(what="The planned end date", example="20 7 2027")
    officer = forms.CharField(
        required=False,
        max_length=150,
        error_messages={"max_length": "The officer's username must be 150 characters or fewer"},
    )
    note = _long_text("", "The note")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_on"), cleaned.get("planned_end_on")
        if start and end and end < start:
            self.fields["planned_end_on"].wrong = ("day", "month", "year")
            self.add_error(
                "planned_end_on", "The planned end date must be the same as or after the start date"
            )
        return cleaned


class AgreementForm(AgreementTermsForm):
    """An agreement made by hand: the supported school (one of the LA's), the needs it answers (open
    needs of that school), the lead supporter (an offer of the LA, a school by URN, or a person or
    organisation by name with its kind), other contributors and the focus areas."""

    field_order = [
        "supported_urn",
        "needs",
        "lead_offer",
        "supporter_urn",
        "supporter_name",
        "supporter_kind",
        "contributors",
        "focus_areas",
    ]
    field_ids: ClassVar[dict[str, str]] = {
        **AgreementTermsForm.field_ids,
        "focus_areas": "focus_areas-leadership",
        "supporter_kind": "supporter_kind",
    }

    supported_urn = forms.CharField(
        error_messages={"required": "Enter the URN of the school to be supported, a number such as 100001"}
    )
    needs = forms.MultipleChoiceField(
        required=False, error_messages={"invalid_choice": "Choose needs from the list"}
    )
    lead_offer = forms.ChoiceField(
        required=False, error_messages={"invalid_choice": "Choose an offer of this LA from the list"}
    )
    supporter_urn = forms.CharField(required=False)
    supporter_name = forms.CharField(
        required=False,
        max_length=255,
        error_messages={"max_length": "The supporter's name must be 255 characters or fewer"},
    )
    supporter_kind = forms.ChoiceField(
        required=False,
        choices=[("", "")] + [(k.value, k.value) for k in OfferKind],
        error_messages={"invalid_choice": "Choose who the supporter is from the list"},
    )
    contributors = _long_text("", "The other contributors")
    focus_areas = forms.MultipleChoiceField(
        required=False,
        choices=[(a.value, a.value) for a in Area],
        error_messages={"invalid_choice": "Choose focus areas from the list"},
    )

    def __init__(self, data: Any, *, la: int) -> None:
        super().__init__(data)
        self.la = la
        needs = BrokerageNeed.objects.filter(la_code=la, status=BrokerageNeed.Status.OPEN)
        self.fields["needs"].choices = [(str(n.pk), n.need_id) for n in needs]
        offers = BrokerageOffer.objects.filter(la_code=la, confirmed=True)
        self.fields["lead_offer"].choices = [("", "")] + [(str(o.pk), o.offer_id) for o in offers]

    def clean_supported_urn(self) -> int:
        return _urn_in_la(self.cleaned_data["supported_urn"], self.la)

    def clean_supporter_urn(self) -> int | None:
        text = self.cleaned_data["supporter_urn"].strip()
        if not text:
            return None
        urn = _urn(text)
        if urn is None:
            raise ValidationError(
                "Enter the supporting school's URN as a number, such as 100002, or leave it blank"
            )
        if access.school_la(urn) is None:
            raise ValidationError(f"There is no school with URN {urn} in the register")
        return urn

    def clean_needs(self) -> list[BrokerageNeed]:
        chosen = [int(pk) for pk in self.cleaned_data["needs"]]
        return list(BrokerageNeed.objects.filter(pk__in=chosen).order_by("need_id"))

    def clean_lead_offer(self) -> BrokerageOffer | None:
        pk = self.cleaned_data["lead_offer"]
        return BrokerageOffer.objects.get(pk=int(pk)) if pk else None

    def clean_contributors(self) -> list[dict[str, Any]]:
        """One contributor a line: a name, or a school's URN (its name is then the register's)."""
        found = []
        for line in self.cleaned_data["contributors"].splitlines():
            text = line.strip()
            if not text:
                continue
            urn = _urn(text)
            if urn is not None:
                name = next((s["name"] for s in access.schools_by_urn([urn])), None)
                found.append({"name": name or f"URN {urn}", "urn": urn})
            else:
                found.append({"name": text, "urn": None})
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        urn = cleaned.get("supported_urn")
        for need in cleaned.get("needs", []):
            if urn is not None and need.urn != urn:
                self.add_error("needs", f"Need {need.need_id} is a need of another school (URN {need.urn})")
                break
        offer = cleaned.get("lead_offer")
        supporter_urn = cleaned.get("supporter_urn")
        name = cleaned.get("supporter_name", "").strip()
        if offer is None and supporter_urn is None and not name and "supporter_urn" not in self.errors:
            self.add_error(
                "lead_offer",
                "Choose the lead supporter: one of the LA's offers, a school by URN, "
                "or a person or organisation by name",
            )
        if offer is None and supporter_urn is None and name and not cleaned.get("supporter_kind"):
            self.add_error("supporter_kind", "Choose who the supporter is")
        chosen = supporter_urn if supporter_urn is not None else (offer.supporter_urn if offer else None)
        if urn is not None and chosen == urn:
            self.add_error("supporter_urn", "A school cannot support itself: choose another supporter")
        if not cleaned.get("focus_areas") and not cleaned.get("needs") and "needs" not in self.errors:
            self.add_error(
                "focus_areas", "Choose at least one focus area, or the needs the agreement answers"
            )
        return cleaned


class AdvanceForm(Form):
    """Moving an agreement to its next milestone: when it happened (not in the future), a note;
    closing it also asks for an outcome and a closing note."""

    field_ids: ClassVar[dict[str, str]] = {"happened_on": "happened_on-day", "outcome": "outcome"}

    happened_on = DateField(what="The date it happened", example="19 1 2026")
    note = _long_text("", "The note")
    outcome = forms.ChoiceField(
        required=False,
        choices=[(c, c) for c in milestones.outcome_codes()],
        error_messages={"invalid_choice": "Choose the outcome from the list"},
    )
    closing_note = _long_text("", "The closing note")

    def __init__(self, data: Any, *, closing: bool = False) -> None:
        super().__init__(data)
        self.closing = closing

    def clean_happened_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("happened_on"), "The date it happened")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.closing:
            if not cleaned.get("outcome") and "outcome" not in self.errors:
                self.add_error(
                    "outcome", "Choose the outcome: were the objectives met, partly met or not met?"
                )
            if not cleaned.get("closing_note", "").strip() and "closing_note" not in self.errors:
                self.add_error(
                    "closing_note", "Enter a closing note: what the support achieved and what follows"
                )
        return cleaned


class AgreementStatusForm(Form):
    """Pausing, stopping or reopening an agreement: a reason (required) and the day (not in the future)."""

    field_ids: ClassVar[dict[str, str]] = {"happened_on": "happened_on-day"}

    reason = _long_text("Enter the reason", "The reason")
    happened_on = DateField(what="The date it happened", example="19 1 2026")

    def clean_happened_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("happened_on"), "The date it happened")


class ObjectiveForm(Form):
    """An objective of an agreement's plan: its area, what is to change, its success measure and a
    target date."""

    field_ids: ClassVar[dict[str, str]] = {"target_on": "target_on-day"}

    area = _area_field()
    text = _long_text("Enter the objective: what is to change", "The objective")
    success_measure = _long_text(
        "Enter the success measure: how you will know it is met", "The success measure"
    )
    target_on = DateField(what="The target date", example="20 7 2027")


class DeliveryForm(Form):
    """Days of support delivered: how many, on which day (not in the future), by whom, on what."""

    field_ids: ClassVar[dict[str, str]] = {"delivered_on": "delivered_on-day"}

    days = forms.FloatField(
        min_value=0.25,
        max_value=MOST_DELIVERY_DAYS,
        error_messages={
            "required": "Enter the days delivered",
            "invalid": "Enter the days delivered as a number, such as 1 or 0.5",
            "min_value": "The days delivered must be at least a quarter of a day (0.25)",
            "max_value": f"The days delivered must be {MOST_DELIVERY_DAYS} or fewer at a time",
        },
    )
    delivered_on = DateField(what="The day it was delivered", example="19 1 2026", required=True)
    delivered_by = forms.CharField(
        required=False,
        max_length=255,
        error_messages={"max_length": "Who delivered it must be 255 characters or fewer"},
    )
    activity = _long_text("", "What was done")

    def clean_delivered_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("delivered_on"), "The day it was delivered")


PROGRESS_CHOICES = [(c, c) for c in milestones.progress_codes()]  # analysis/milestones.toml


class ReviewForm(Form):
    """A termly review: its date (not in the future), the reviewer, overall progress and each
    objective's (red, amber, green), the quality of support as the supported head rates it (1 to 4,
    optional), notes and the next review's date (after this one)."""

    field_ids: ClassVar[dict[str, str]] = {
        "reviewed_on": "reviewed_on-day",
        "next_review_on": "next_review_on-day",
        "progress": "progress",
        "quality": "quality",
    }

    reviewed_on = DateField(what="The date of the review", example="19 1 2026", required=True)
    reviewer = forms.CharField(
        max_length=255,
        error_messages={
            "required": "Enter who reviewed the support",
            "max_length": "The reviewer's name must be 255 characters or fewer",
        },
    )
    progress = forms.ChoiceField(
        choices=PROGRESS_CHOICES,
        error_messages={
            "required": "Choose the overall progress: green, amber or red",
            "invalid_choice": "Choose the overall progress: green, amber or red",
        },
    )
    quality = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(str(k), str(k)) for k in milestones.rules().quality],
        error_messages={"invalid_choice": "Choose the quality of support from 1 (poor) to 4 (excellent)"},
    )
    notes = _long_text("", "The notes")
    next_review_on = DateField(what="The date of the next review", example="20 4 2026")

    def __init__(
        self, data: Any, *, objectives: tuple[tuple[int, str], ...] = (), rates_quality: bool = True
    ) -> None:
        super().__init__(data)
        self.objectives = list(objectives)
        self.rates_quality = rates_quality  # False for the head of a supporting or contributing school
        for pk, text in self.objectives:
            self.fields[f"objective_{pk}"] = forms.ChoiceField(
                choices=PROGRESS_CHOICES,
                error_messages={
                    "required": f"Choose the progress of the objective \u201c{text}\u201d",
                    "invalid_choice": f"Choose the progress of the objective \u201c{text}\u201d",
                },
            )

    def clean_reviewed_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("reviewed_on"), "The date of the review")

    def clean_quality(self) -> int | None:
        quality = self.cleaned_data.get("quality")
        if quality is not None and not self.rates_quality:
            raise ValidationError("Only the head of the supported school rates the quality of support")
        return quality

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        on, following = cleaned.get("reviewed_on"), cleaned.get("next_review_on")
        if on and following and following <= on:
            self.fields["next_review_on"].wrong = ("day", "month", "year")
            self.add_error("next_review_on", "The next review must be after the date of this review")
        return cleaned

    def objective_progress(self) -> dict[int, str]:
        return {pk: self.cleaned_data[f"objective_{pk}"] for pk, _ in self.objectives}


class ActivityForm(Form):
    """Something a network did on a day, and who took part by level (domain/networks.toml)."""

    field_ids: ClassVar[dict[str, str]] = {"date": "date-day", "levels": "levels"}

    date = DateField(what="The day of the activity", example="8 10 2025", required=True)
    kind = forms.ChoiceField(
        choices=lambda: list(network_words().activity_kinds.items()),
        error_messages={
            "required": "Choose what kind of activity it was",
            "invalid_choice": "Choose what kind of activity it was",
        },
    )
    levels = forms.MultipleChoiceField(
        choices=lambda: list(network_words().levels.items()),
        error_messages={
            "required": "Choose who took part: at least one level",
            "invalid_choice": "Choose who took part from the levels listed",
        },
    )
    notes = forms.CharField(
        required=False,
        max_length=2000,
        error_messages={"max_length": "The notes must be 2,000 characters or fewer"},
    )

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > dt.date.today() + dt.timedelta(days=366):
            raise ValidationError("The day must be within the next year")
        return day


class NetworkKindForm(Form):
    """What a network is (its kind, whose purpose domain/networks.toml gives) and who leads it, in
    words. Trusts and federations are not recorded: they come from GIAS groups."""

    field_ids: ClassVar[dict[str, str]] = {"kind": "network_kind", "lead": "network_lead"}

    kind = forms.ChoiceField(
        choices=lambda: [(k, network_words().kinds[k].label) for k in network_words().recorded_kinds],
        error_messages={
            "required": "Choose what kind of network it is",
            "invalid_choice": "Choose what kind of network it is from the list",
        },
    )
    lead = forms.CharField(
        required=False,
        max_length=200,
        error_messages={"max_length": "Who leads it must be 200 characters or fewer"},
    )


# ---------------------------------------------------------------------------------------------
# A network lead's answers to their network's survey (network-surveys)


class NetworkLeadAnswerForm(SurveyAnswerForm):
    """A network lead's answers (as SurveyAnswerForm, the role fixed as `network_lead`) and the school
    of the network they lead it from, which their answers are kept with (``schools``: URN to name)."""

    def __init__(self, data: Any, *, questions: Any, schools: dict[int, str]) -> None:
        super().__init__(data, questions=questions, roles=("network_lead",))
        self.fields["urn"] = forms.TypedChoiceField(
            coerce=int,
            choices=[(str(u), name) for u, name in schools.items()],
            error_messages={
                "required": "Choose the school you lead the network from",
                "invalid_choice": "Choose one of the network's schools that no other lead has answered for",
            },
        )
        first = next(iter(schools), None)
        self.field_ids["urn"] = f"urn-{first}" if first is not None else "urn"
