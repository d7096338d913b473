"""Fixtures for the web tests: a small register and one user per role.

The register here is hand-made (written through the ORM, not read from a file) because these tests
are about who sees what and how pages render, not about reading files; the upload tests use the real
fixture files in tests/data. Two LAs: 999 ("Demo City", with the schools below) and 331 (Coventry,
one school), so that "another LA's school" and "another school" can be guessed at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from peerlift.sources.gias import LINKED_EXTRA_KEY as GIAS_LINKED
from peerlift.store.models import (
    AreaMeasure,
    Establishment,
    EstablishmentLink,
    Group,
    GroupMember,
    Import,
    Inspection,
    Judgement,
    LocalAuthority,
    SchoolMeasure,
)
from peerlift.web import accounts
from peerlift.web.models import Role

PASSWORD = "correct horse battery staple"
GROUP = 16000  # a multi-academy trust with our head's school and a school the register does not hold

# URNs: 100001 our head's school (an academy converted from 100000, closed); 100002 another school in
# the same LA with the same name as 100003; 100003 in LA 999; 300001 in Coventry (331).
OWN, PREDECESSOR, OTHER, TWIN, ELSEWHERE = 100001, 100000, 100002, 100003, 300001
NETWORK, OTHER_LA_NETWORK = (
    "North cluster",
    "Coventry cluster",
)  # led by network_lead; of LA 331, led by nobody


@dataclass(frozen=True)
class Register:
    own: int = OWN
    predecessor: int = PREDECESSOR
    other: int = OTHER
    twin: int = TWIN
    elsewhere: int = ELSEWHERE
    la: int = 999
    other_la: int = 331


def _school(urn: int, name: str, la: int, la_name: str, **extra: object) -> Establishment:
    kind = str(extra.get("type", "Academy converter"))
    group = "Academies" if "Academy" in kind else "Local authority maintained schools"
    extra.setdefault("type_group", group)
    return Establishment.objects.create(
        urn=urn,
        laestab=la * 10000 + urn % 10000,
        la_code=la,
        la_name=la_name,
        name=name,
        phase=extra.pop("phase", "primary"),
        type=extra.pop("type", "Academy converter"),
        status=extra.pop("status", "open"),
        pupils=extra.pop("pupils", 420),
        **extra,
    )


def _inspection(
    urn: int, key: str, framework: str, start: dt.date, grades: dict[str, str], **extra: str
) -> None:
    inspection = Inspection.objects.create(
        urn=urn,
        inspection_key=key,
        framework=framework,
        inspection_type=extra.pop("inspection_type", "graded"),
        start_date=start,
        **extra,
    )
    for area, grade in grades.items():
        Judgement.objects.create(inspection=inspection, area=area, grade=grade)


def make_register() -> Register:
    LocalAuthority.objects.create(code=999, name="Demo City", region_code="E12000005", region="West Midlands")
    LocalAuthority.objects.create(code=331, name="Coventry", region_code="E12000005", region="West Midlands")
    _school(
        PREDECESSOR,
        "Hillside Primary School",
        999,
        "Demo City",
        type="Community school",
        status="closed",
        close_date=dt.date(2015, 8, 31),
    )
    extract = Import.objects.create(
        file_name="edubasealldata20250901.csv",
        sha256="0" * 64,
        kind="gias_establishments",
        status=Import.Status.LOADED,
        record_columns=["URN", "EstablishmentName", "HeadLastName", "TelephoneNum", GIAS_LINKED],
    )
    _school(
        OWN,
        "Hillside Primary Academy",
        999,
        "Demo City",
        trust="Oak Learning Trust",
        open_date=dt.date(2015, 9, 1),
        source=extract,
        record=[str(OWN), "Hillside Primary Academy", "Okafor", "", ["100000 Predecessor"]],
    )
    _school(
        OTHER, "St Mary's Church of England Primary School", 999, "Demo City", type="Voluntary aided school"
    )
    _school(
        TWIN,
        "St Mary's Church of England Primary School",
        999,
        "Demo City",
        phase="secondary",
        type="Voluntary aided school",
        pupils=900,
    )
    _school(ELSEWHERE, "Whitley Academy", 331, "Coventry", phase="secondary", trust='=HYPERLINK("x")')
    Group.objects.create(
        uid=GROUP, group_id="TR09999", name="Oak Learning Trust", type="Multi-academy trust", status="Open"
    )
    GroupMember.objects.create(uid=GROUP, urn=OWN, joined_date=dt.date(2015, 9, 1))
    GroupMember.objects.create(uid=GROUP, urn=900009, joined_date=dt.date(2021, 9, 1))  # not in the register
    EstablishmentLink.objects.create(
        urn=OWN,
        link_urn=PREDECESSOR,
        link_name="Hillside Primary School",
        link_type="Predecessor",
        link_date=dt.date(2015, 9, 1),
    )
    EstablishmentLink.objects.create(
        urn=PREDECESSOR,
        link_urn=OWN,
        link_name="Hillside Primary Academy",
        link_type="Successor",
        link_date=dt.date(2015, 9, 1),
    )
    _inspection(PREDECESSOR, "100", "graded", dt.date(2011, 3, 2), {"overall_effectiveness": "3"})
    _inspection(
        OWN,
        "200",
        "graded",
        dt.date(2019, 5, 14),
        {"overall_effectiveness": "2", "quality_of_education": "2", "early_years": "1"},
    )
    _inspection(
        OWN,
        "300",
        "graded_2024",
        dt.date(2024, 11, 5),
        {"quality_of_education": "2", "behaviour_and_attitudes": "1", "safeguarding_effective": "yes"},
    )
    _inspection(
        OWN,
        "400",
        "report_card",
        dt.date(2025, 12, 2),
        {"inclusion": "strong_standard", "achievement": "needs_attention", "safeguarding_standards": "met"},
    )
    _inspection(
        OTHER,
        "500",
        "ungraded",
        dt.date(2023, 1, 10),
        {},
        inspection_type="ungraded",
        outcome="School remains Good",
    )
    for year, value, missing in ((2019, 71.0, ""), (2022, None, "SUPP"), (2023, 64.0, "")):
        SchoolMeasure.objects.create(
            urn=OWN, year=year, measure="ks2_rwm_expected", value=value, missing=missing
        )
    for area_type, code, value in (
        ("la", "999", 58.0),
        ("region", "E12000005", 57.0),
        ("england", "E92000001", 59.0),
    ):
        AreaMeasure.objects.create(
            area_type=area_type, area_code=code, year=2023, measure="ks2_rwm_expected", value=value
        )
    return Register()


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    """Argon2 is slow on purpose; these tests make many users (test_security checks the real setting)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def rebuild_pages_inline(settings) -> None:  # type: ignore[no-untyped-def]
    """Each test's data sits in a transaction that web.pages' background rebuild thread cannot see,
    so stale pages are rebuilt by the request that finds them (test_page_cache tests the thread)."""
    settings.PEERLIFT_PAGE_REBUILD = "inline"


@pytest.fixture(autouse=True)
def empty_page_cache() -> None:
    """Each test starts with no cached pages, so it sees what its own requests compute."""
    cache.clear()


@pytest.fixture
def register(db: None) -> Register:
    return make_register()


ROLES = ("admin", "officer", "headteacher", "network_lead", "member", "other_officer", "anonymous")


def make_users() -> dict[str, User]:
    """One user per role in LA 999, and an officer of another LA (331)."""
    scopes = {
        "admin": accounts.Scope(Role.ADMIN, la=999),
        "officer": accounts.Scope(Role.OFFICER, la=999),
        "headteacher": accounts.Scope(Role.HEADTEACHER, urn=OWN),
        "network_lead": accounts.Scope(Role.NETWORK_LEAD, la=999, networks=(NETWORK,)),
        "member": accounts.Scope(Role.MEMBER, la=999),
        "other_officer": accounts.Scope(Role.OFFICER, la=331),
    }
    accounts.add_to_network(NETWORK, [OTHER], la=999)
    accounts.add_to_network(OTHER_LA_NETWORK, [ELSEWHERE], la=331)
    return {
        name: accounts.create_user(name, PASSWORD, scope, actor="tests")[0] for name, scope in scopes.items()
    }


@pytest.fixture
def users(register: Register) -> dict[str, User]:
    return make_users()


@pytest.fixture
def as_role(users: dict[str, User]):  # type: ignore[no-untyped-def]
    """A test client signed in as a role (or not signed in, for "anonymous")."""

    def client_for(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(users[role], backend="django.contrib.auth.backends.ModelBackend")
        return client

    return client_for
