"""The permission matrix: every address, as every role, allowed or refused, on the server.

The expectations below are written out by hand from the rules in the issue (published data for every
signed-in user; what officers record only for those responsible for the school; imports for
administrators and officers; users and the audit log for administrators), not derived from
web/permissions.py. A test also fails when an address exists that the matrix does not cover.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from peerlift.store.models import Import
from peerlift.web.models import Network, SchoolNote

from .conftest import ELSEWHERE, GROUP, NETWORK, OTHER, OTHER_LA_NETWORK, OWN, TWIN

pytestmark = pytest.mark.django_db

SIGNED_IN = frozenset({"admin", "officer", "headteacher", "network_lead", "member", "other_officer"})
EVERYONE = SIGNED_IN | {"anonymous"}
IMPORTERS = frozenset({"admin", "officer", "other_officer"})
ADMINS = frozenset({"admin"})
LA_999_STAFF = frozenset({"admin", "officer"})
LA_999_USERS = frozenset({"admin", "officer", "network_lead", "member"})
LA_999_ALL = frozenset({"admin", "officer", "headteacher", "network_lead", "member"})  # scoped to LA 999
NOBODY: frozenset[str] = frozenset()


def _record_readers(urn: int) -> frozenset[str]:
    """Officers and administrators of the school's LA, its headteacher, the leads of its networks."""
    readers = {OWN: {"admin", "officer", "headteacher"}, OTHER: {"admin", "officer", "network_lead"}}
    return frozenset(readers.get(urn, {"admin", "officer"} if urn == TWIN else {"other_officer"}))


def _page(url: str, allowed: frozenset[str], *downloads: str) -> list[tuple[str, frozenset[str]]]:
    """A page's HTML and JSON addresses and the downloads named, all under one rule."""
    json_url = (url.rstrip("/") or "/index") + ".json"
    prefix = url.rstrip("/") + "/download/"
    return [(url, allowed), (json_url, allowed), *((prefix + d, allowed) for d in downloads)]


def _networks() -> tuple[int, int]:
    """The pks of LA 999's network (led by network_lead) and of LA 331's (which 999's users may guess)."""
    return Network.objects.get(name=NETWORK).pk, Network.objects.get(name=OTHER_LA_NETWORK).pk


def _notes() -> tuple[int, int]:
    """A note on a school of LA 999 and one on a school of LA 331."""
    own = SchoolNote.objects.get_or_create(urn=OWN, text="Visited.", author="officer")[0]
    elsewhere = SchoolNote.objects.get_or_create(urn=ELSEWHERE, text="Called.", author="other_officer")[0]
    return own.pk, elsewhere.pk


def _comparator_set() -> int:
    """A custom set LA 999's officer keeps for themselves (not shared)."""
    from peerlift.store.models import ComparatorSet

    made = ComparatorSet.objects.create(name="Mine", la_code=999, owner="officer", members=[331])
    return made.pk


def _partners() -> tuple[int, int]:
    """A partner of LA 999 and one of LA 331 (whose pk LA 999's users may guess)."""
    from peerlift.store.models import ImprovementPartner

    own = ImprovementPartner.objects.get_or_create(la_code=999, name="Ann", days=10, phases=["primary"])[0]
    other = ImprovementPartner.objects.get_or_create(la_code=331, name="Cy", days=10, phases=["primary"])[0]
    return own.pk, other.pk


def _zips() -> tuple[int, int]:
    """A finished packs job of LA 999 and one of LA 331, each with its ZIP in the files folder."""
    from django.conf import settings

    from peerlift.web.models import DatapackJob

    found = []
    for la in (999, 331):
        job = DatapackJob.objects.create(la_code=la, version="test", status="done", requested_by="tests")
        job.file_name = f"datapacks/la-{la}-job-{job.pk}.zip"
        job.save()
        (settings.PEERLIFT_FILES / job.file_name).parent.mkdir(parents=True, exist_ok=True)
        (settings.PEERLIFT_FILES / job.file_name).write_bytes(b"PK\x05\x06" + bytes(18))
        found.append(job.pk)
    return found[0], found[1]


@pytest.fixture(autouse=True)
def files_folder(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.PEERLIFT_FILES = tmp_path


def _casework() -> tuple[int, int, int, int]:
    """A recomputation of LA 999's categories and one of LA 331's; a concern about a school of each."""
    import datetime as dt

    from peerlift.store.models import Concern
    from peerlift.web.models import CategoryRun

    runs = [
        CategoryRun.objects.get_or_create(la_code=la, as_at=dt.date(2026, 1, 5), requested_by="tests")[0].pk
        for la in (999, 331)
    ]
    concerns = [
        Concern.objects.get_or_create(
            urn=urn, la_code=la, kind="finance", raised_on=dt.date(2026, 1, 5), raised_by="tests"
        )[0].pk
        for urn, la in ((OWN, 999), (ELSEWHERE, 331))
    ]
    return runs[0], runs[1], concerns[0], concerns[1]


def _brokerage_runs() -> tuple[int, int]:
    """A finished brokerage run of LA 999 and one of LA 331 (whose pk LA 999's users may guess)."""
    from peerlift.store.models import BrokerageRun

    return tuple(  # type: ignore[return-value]
        BrokerageRun.objects.get_or_create(la_code=la, run_by="tests", result={"proposals": [], "unmet": []})[
            0
        ].pk
        for la in (999, 331)
    )


def _support() -> None:
    """A support agreement of LA 999 led by a school (URN 100003) and one of LA 331 led by a hub with
    no URN and no offer (its address is its name as a slug)."""
    from peerlift.store.models import SupportAgreement

    SupportAgreement.objects.get_or_create(
        la_code=999, supported_urn=OWN, supporter_urn=TWIN, supporter_name="Twin School",
        supporter_kind="school", days_planned=4, created_by="tests",
    )  # fmt: skip
    SupportAgreement.objects.get_or_create(
        la_code=331, supported_urn=ELSEWHERE, supporter_name="Coventry Hub",
        supporter_kind="teaching_school_hub", days_planned=4, created_by="tests",
    )  # fmt: skip


SUPPORT_FIGURES = LA_999_STAFF | {"member"}  # members: the LA-level aggregates only


def _surveys() -> tuple[int, int]:
    """An open round of LA 999 asking OWN and OTHER, and one of LA 331 asking ELSEWHERE."""
    import datetime as dt

    from peerlift.store.models import SurveyRound, SurveyRoundSchool

    today = dt.date.today()
    found = []
    for la, urns in ((999, (OWN, OTHER)), (331, (ELSEWHERE,))):
        made = SurveyRound.objects.get_or_create(
            la_code=la,
            title=f"Round {la}",
            defaults={
                "questionnaire_id": "network_capacity_trust",
                "questionnaire_version": 1,
                "opens_on": today - dt.timedelta(days=5),
                "closes_on": today + dt.timedelta(days=5),
                "created_by": "tests",
            },
        )[0]
        for urn in urns:
            SurveyRoundSchool.objects.get_or_create(round=made, urn=urn)
        found.append(made.pk)
    return found[0], found[1]


def _network_survey() -> int:
    """(network-surveys) An open capacity-and-trust round of network_lead's network (North cluster),
    asking its school OTHER, with OTHER's head's answers, which the lead must never read."""
    import datetime as dt

    from peerlift.store.models import SurveyAnswer, SurveyRound, SurveyRoundSchool

    today = dt.date.today()
    made = SurveyRound.objects.get_or_create(
        la_code=999,
        title="North cluster: capacity and trust",
        defaults={
            "questionnaire_id": "network_capacity_trust",
            "questionnaire_version": 1,
            "opens_on": today - dt.timedelta(days=5),
            "closes_on": today + dt.timedelta(days=5),
            "network_id": _networks()[0],
            "created_by": "tests",
        },
    )[0]
    SurveyRoundSchool.objects.get_or_create(round=made, urn=OTHER)
    SurveyAnswer.objects.get_or_create(
        round=made,
        urn=OTHER,
        respondent_role="headteacher",
        question_id="trust",
        defaults={"answer": "disagree", "answered_by": "head of OTHER", "answered_at": "2026-01-05T09:00Z"},
    )
    return made.pk


def _agreements() -> tuple[int, int, int]:
    """Support agreements (issue 14): one of LA 999 supporting our head's school, in delivery with an
    objective, days delivered and a review; one of LA 999 between two other schools (our head is in
    neither); one of LA 331. Made once per test (the matrices are built more than once)."""
    import datetime as dt

    from peerlift.store.models import SupportAgreement
    from peerlift.web import support_changes as changes

    made = SupportAgreement.objects.filter(funding_source="matrix").order_by("pk")
    if made.count() == 3:
        return made[0].pk, made[1].pk, made[2].pk
    day = dt.date(2025, 9, 1)
    own = changes.create_agreement(
        999,
        OWN,
        "tests",
        days_planned=6,
        supporter_urn=OTHER,
        funding_source="matrix",
        on=day,
        focus_areas=["reading"],
    )
    for step in ("agreed", "first_meeting", "diagnosis"):
        changes.advance(own, step, "tests", on=day)
    changes.add_objective(own, "tests", area="reading", text="Phonics", success_measure="Screening 80%")
    for step in ("plan_agreed", "in_delivery"):
        changes.advance(own, step, "tests", on=day)
    changes.record_delivery(own, "tests", days=1, delivered_on=day)
    changes.record_review(
        own, "tests", reviewed_on=day, reviewer="Ann", progress="amber", next_review_on=dt.date(2026, 1, 5)
    )
    others = changes.create_agreement(
        999,
        OTHER,
        "tests",
        days_planned=4,
        supporter_urn=TWIN,
        funding_source="matrix",
        focus_areas=["maths"],
    )
    coventry = changes.create_agreement(
        331,
        ELSEWHERE,
        "tests",
        days_planned=3,
        supporter_name="A. Adviser",
        supporter_kind="la_adviser",
        funding_source="matrix",
        focus_areas=["leadership"],
    )
    return own.pk, others.pk, coventry.pk


def _own_objective(agreement: int) -> int:
    from peerlift.store.models import AgreementObjective

    return AgreementObjective.objects.filter(agreement_id=agreement).values_list("pk", flat=True)[0]


LA_999_COUNTS = LA_999_STAFF | {"member", "network_lead"}
_ACTIVITY = {"date-day": "8", "date-month": "10", "date-year": "2025", "kind": "meeting", "levels": ["heads"]}
OWN_CATEGORY = frozenset({"admin", "officer", "headteacher"})


def matrix(import_pk: int, officer_pk: int, other_officer_pk: int) -> list[tuple[str, frozenset[str]]]:
    north, coventry = _networks()
    own_note, elsewhere_note = _notes()
    own_zip, coventry_zip = _zips()
    own_run, coventry_run, own_concern, elsewhere_concern = _casework()
    own_partner, coventry_partner = _partners()
    _support()
    own_survey, coventry_survey = _surveys()
    own_agreement, others_agreement, coventry_agreement = _agreements()
    return [
        # support agreements (issue 14): the LA's staff; a head, the agreements their school is in
        # (delivery log and reviews only); never members or network leads, never another LA's
        *_page("/las/999/support", LA_999_STAFF | {"headteacher"}, "agreements.csv", "agreements.xlsx"),
        *_page("/las/331/support", frozenset({"other_officer"}), "agreements.csv"),
        *_page(
            f"/las/999/support/{own_agreement}",
            LA_999_STAFF | {"headteacher"},
            "objectives.csv",
            "deliveries.xlsx",
            "reviews.csv",
            "history.xlsx",
        ),
        *_page(f"/las/999/support/{others_agreement}", LA_999_STAFF, "history.csv"),
        *_page(f"/las/331/support/{coventry_agreement}", frozenset({"other_officer"}), "history.csv"),
        ("/las/999/support/new", LA_999_STAFF),
        ("/las/331/support/new", frozenset({"other_officer"})),
        (f"/las/999/support/{own_agreement}/advance", LA_999_STAFF),
        (f"/las/999/support/{own_agreement}/objectives/add", LA_999_STAFF),
        (f"/las/999/support/{own_agreement}/deliveries/add", LA_999_STAFF | {"headteacher"}),
        (f"/las/999/support/{own_agreement}/reviews/add", LA_999_STAFF | {"headteacher"}),
        (f"/las/999/support/{own_agreement}/pause", LA_999_STAFF),
        (f"/las/999/support/{own_agreement}/stop", LA_999_STAFF),
        (f"/las/999/support/{own_agreement}/reopen", LA_999_STAFF),
        (f"/las/999/support/{own_agreement}/terms", LA_999_STAFF),
        (f"/las/999/support/{others_agreement}/deliveries/add", LA_999_STAFF),
        (f"/las/999/support/{others_agreement}/reviews/add", LA_999_STAFF),
        (f"/las/331/support/{coventry_agreement}/advance", frozenset({"other_officer"})),
        (f"/las/331/support/{coventry_agreement}/reviews/add", frozenset({"other_officer"})),
        # objectives changed or removed (support-review): the LA's staff, never a head
        (f"/las/999/support/{own_agreement}/objectives/{_own_objective(own_agreement)}/change", LA_999_STAFF),
        (f"/las/999/support/{own_agreement}/objectives/{_own_objective(own_agreement)}/remove", LA_999_STAFF),
        # categories: every school's for the LA's staff; counts also for its members and network
        # leads; a school's own for its LA's staff and its headteacher; never another LA's
        *_page("/las/999/categories", LA_999_STAFF, "schools.csv", "counts.xlsx"),
        *_page("/las/331/categories", frozenset({"other_officer"}), "schools.xlsx"),
        *_page("/las/999/category-counts", LA_999_COUNTS, "counts.csv", "counts.xlsx"),
        *_page("/las/331/category-counts", frozenset({"other_officer"}), "counts.csv"),
        *_page(f"/las/999/categories/runs/{own_run}", LA_999_STAFF, "changes.csv", "changes.xlsx"),
        *_page(f"/las/331/categories/runs/{coventry_run}", frozenset({"other_officer"}), "changes.csv"),
        *_page(f"/schools/{OWN}/category", OWN_CATEGORY, "reasons.csv", "history.xlsx", "concerns.csv"),
        *_page(f"/schools/{OTHER}/category", LA_999_STAFF, "history.csv"),
        *_page(f"/schools/{ELSEWHERE}/category", frozenset({"other_officer"}), "concerns.xlsx"),
        (f"/schools/{OWN}/concerns/{own_concern}/close", LA_999_STAFF),
        (f"/schools/{ELSEWHERE}/concerns/{elsewhere_concern}/close", frozenset({"other_officer"})),
        *_page("/las/999/inspections-due", LA_999_STAFF, "due.csv", "due.xlsx"),
        *_page("/las/331/inspections-due", frozenset({"other_officer"}), "due.csv"),
        *_page("/las/999/category-rules", LA_999_STAFF, "rules.csv", "criteria.xlsx"),
        *_page("/las/331/category-rules", frozenset({"other_officer"}), "criteria.csv"),
        # improvement partners and allocations (they follow the schools' categories): the LA's staff;
        # changing a partner: the LA's administrators
        # brokerage (needs, offers, runs): the LA's officers and administrators
        *_page(
            "/las/999/brokerage", LA_999_STAFF, "proposals.csv", "unmet.xlsx", "changes.csv", "rules.xlsx"
        ),
        *_page("/las/331/brokerage", frozenset({"other_officer"}), "proposals.xlsx", "unmet.csv"),
        # needs: the LA's staff change them; a head of one of its schools reads their own school's
        *_page("/las/999/brokerage/needs", LA_999_STAFF | {"headteacher"}, "needs.csv", "proposed.xlsx"),
        *_page("/las/331/brokerage/needs", frozenset({"other_officer"}), "needs.xlsx", "proposed.csv"),
        *_page("/las/999/brokerage/offers", LA_999_STAFF | {"headteacher"}, "offers.csv", "offers.xlsx"),
        *_page("/las/331/brokerage/offers", frozenset({"other_officer"}), "offers.csv"),
        ("/las/999/brokerage/templates/needs.csv", LA_999_STAFF),
        ("/las/999/brokerage/templates/pins.csv", LA_999_STAFF),
        ("/las/331/brokerage/templates/offers.csv", frozenset({"other_officer"})),
        *_page("/las/999/partners", LA_999_STAFF, "partners.csv", "days.xlsx"),
        *_page("/las/331/partners", frozenset({"other_officer"}), "partners.xlsx", "days.csv"),
        (f"/las/999/partners/{own_partner}/edit", ADMINS),
        (f"/las/331/partners/{coventry_partner}/edit", NOBODY),
        (f"/las/999/partners/{coventry_partner}/edit", NOBODY),  # another LA's partner under our LA
        *_page("/las/999/partners/allocation", LA_999_STAFF, "assignments.csv", "loads.xlsx", "short.csv"),
        *_page("/las/331/partners/allocation", frozenset({"other_officer"}), "pins.xlsx"),
        # data packs: published data, any signed-in user; an LA's packs job and its ZIP: the LA's staff
        *_page(f"/schools/{OWN}/datapack", SIGNED_IN, "school.csv", "inspections.xlsx", "family.csv"),
        *_page(f"/schools/{ELSEWHERE}/datapack", SIGNED_IN, "school.xlsx"),
        (f"/schools/{OWN}/datapack/pack.pdf", SIGNED_IN),
        (f"/schools/{ELSEWHERE}/datapack/pack.xlsx", SIGNED_IN),
        *_page("/las/999/datapacks", LA_999_STAFF, "jobs.csv", "jobs.xlsx"),
        *_page("/las/331/datapacks", frozenset({"other_officer"}), "jobs.csv"),
        (f"/las/999/datapacks/{own_zip}.zip", LA_999_STAFF),
        (f"/las/331/datapacks/{coventry_zip}.zip", frozenset({"other_officer"})),
        ("/account/password", SIGNED_IN),
        (f"/users/{officer_pk}/password", ADMINS),
        (f"/users/{other_officer_pk}/password", NOBODY),  # another LA's user
        # changing a note: the school's LA officers and administrators only (headteachers, leads read)
        (f"/schools/{OWN}/record/notes/{own_note}/edit", LA_999_STAFF),
        (f"/schools/{OWN}/record/notes/{own_note}/delete", LA_999_STAFF),
        (f"/schools/{ELSEWHERE}/record/notes/{elsewhere_note}/edit", frozenset({"other_officer"})),
        (f"/schools/{ELSEWHERE}/record/notes/{elsewhere_note}/delete", frozenset({"other_officer"})),
        # networks: the LA's list for its staff; a network for them and its own leads; never another LA's
        *_page("/las/999/networks", LA_999_STAFF, "networks.csv", "networks.xlsx"),
        *_page("/las/331/networks", frozenset({"other_officer"}), "networks.csv"),
        *_page(f"/networks/{north}", LA_999_STAFF | {"network_lead"}, "headline.csv", "schools.xlsx"),
        *_page(f"/networks/{coventry}", frozenset({"other_officer"}), "schools.csv"),
        *_page("/networks/999999", NOBODY, "schools.csv"),  # a guessed id that is not there
        # careers, training and events: the LA's aggregates for everyone in its scope; individual
        # governor records (and the flagged list, which names categories) for its staff, and a
        # school's own for its head; never another LA's
        *_page("/las/999/careers", LA_999_ALL, "summary.csv", "benchmarks.xlsx", "schools.csv"),
        *_page("/las/331/careers", frozenset({"other_officer"}), "schools.xlsx"),
        *_page("/las/999/governors/training", LA_999_ALL, "courses.csv", "courses.xlsx"),
        *_page("/las/331/governors/training", frozenset({"other_officer"}), "courses.csv"),
        *_page("/las/999/aspirations", LA_999_ALL, "totals.csv", "events.xlsx"),
        *_page("/las/331/aspirations", frozenset({"other_officer"}), "events.csv"),
        *_page("/las/999/governors/flagged", LA_999_STAFF, "flagged.csv", "flagged.xlsx"),
        *_page("/las/331/governors/flagged", frozenset({"other_officer"}), "flagged.csv"),
        *_page("/las/999/governors/attendance", LA_999_STAFF, "attendance.csv", "attendance.xlsx"),
        *_page("/las/331/governors/attendance", frozenset({"other_officer"}), "attendance.csv"),
        *_page(f"/schools/{OWN}/governors", frozenset({"admin", "officer", "headteacher"}), "training.csv"),
        *_page(f"/schools/{OTHER}/governors", LA_999_STAFF, "training.xlsx"),  # not its network's lead
        *_page(f"/schools/{ELSEWHERE}/governors", frozenset({"other_officer"}), "training.csv"),
        *_page("/schools/999999/governors", NOBODY, "training.csv"),
        ("/las/999/careers/summary.xlsx", LA_999_ALL),
        ("/las/331/careers/summary.xlsx", frozenset({"other_officer"})),
        ("/templates/gatsby_benchmarks.csv", SIGNED_IN),
        ("/templates/governor_training.csv", SIGNED_IN),
        ("/templates/aspiration_events.csv", SIGNED_IN),
        # surveys: a round's aggregates for everyone in its LA's scope; who answered and every answer
        # for the LA's staff; a school's own answers (and the form) for them and the school's head
        *_page("/las/999/surveys", LA_999_ALL, "rounds.csv", "rounds.xlsx"),
        *_page("/las/331/surveys", frozenset({"other_officer"}), "rounds.csv"),
        *_page(f"/surveys/{own_survey}", LA_999_ALL, "questions.csv"),
        *_page(f"/surveys/{coventry_survey}", frozenset({"other_officer"}), "questions.xlsx"),
        *_page(f"/surveys/{own_survey}/results", LA_999_ALL, "summary.csv", "options.xlsx", "free-text.csv"),
        *_page(f"/surveys/{own_survey}/results?by=network", LA_999_ALL, "groups.csv"),
        *_page(f"/surveys/{coventry_survey}/results", frozenset({"other_officer"}), "summary.xlsx"),
        *_page(
            f"/surveys/{own_survey}/responses", LA_999_STAFF, "schools.csv", "answers.xlsx", "free-text.csv"
        ),
        *_page(f"/surveys/{coventry_survey}/responses", frozenset({"other_officer"}), "answers.csv"),
        *_page(
            f"/surveys/{own_survey}/schools/{OWN}",
            frozenset({"admin", "officer", "headteacher"}),
            "answers.csv",
        ),
        *_page(f"/surveys/{own_survey}/schools/{OTHER}", LA_999_STAFF, "answers.xlsx"),  # not its lead's
        *_page(f"/surveys/{own_survey}/schools/{ELSEWHERE}", NOBODY, "answers.csv"),  # not the round's LA
        *_page(
            f"/surveys/{coventry_survey}/schools/{ELSEWHERE}", frozenset({"other_officer"}), "answers.csv"
        ),
        *_page("/surveys/999999", NOBODY, "questions.csv"),
        (f"/surveys/{own_survey}/template.csv", LA_999_STAFF),
        (f"/surveys/{coventry_survey}/template.csv", frozenset({"other_officer"})),
        ("/templates/survey_answers.csv", SIGNED_IN),
        # (network-surveys) a network round's form for its own leads only: they see their own answers,
        # never a school's; the network's page shows the round's aggregates (table `survey`)
        *_page(f"/surveys/{_network_survey()}/network", frozenset({"network_lead"}), "answers.csv"),
        *_page(f"/surveys/{own_survey}/network", NOBODY, "answers.xlsx"),  # a round of no network
        *_page(f"/surveys/{_network_survey()}", LA_999_ALL, "questions.csv"),
        (f"/networks/{north}/download/survey.csv", LA_999_STAFF | {"network_lead"}),
        (f"/networks/{north}/download/survey.xlsx", LA_999_STAFF | {"network_lead"}),
        # networks over time (issue 15): overlap and turbulence name schools, for the LA's staff;
        # outcomes side by side are aggregates, also for its members and network leads; a network's
        # report for whoever reads its page; the templates for everyone signed in
        *_page("/las/999/networks/overlap", LA_999_STAFF, "overlap.csv", "turbulence.xlsx", "no_network.csv"),
        *_page("/las/331/networks/overlap", frozenset({"other_officer"}), "beside.csv"),
        *_page("/las/999/networks/outcomes", LA_999_USERS, "outcomes.csv", "levels.xlsx"),
        *_page("/las/331/networks/outcomes", frozenset({"other_officer"}), "outcomes.xlsx"),
        *_page(
            f"/networks/{north}",
            LA_999_STAFF | {"network_lead"},
            "history.csv",
            "activities.xlsx",
            "levels.csv",
        ),
        (f"/networks/{north}/report.pdf", LA_999_STAFF | {"network_lead"}),
        (f"/networks/{north}/report.xlsx", LA_999_STAFF | {"network_lead"}),
        (f"/networks/{coventry}/report.xlsx", frozenset({"other_officer"})),
        ("/networks/999999/report.pdf", NOBODY),
        ("/templates/network_members.csv", SIGNED_IN),
        ("/templates/network_activities.csv", SIGNED_IN),
        ("/accessibility", EVERYONE),
        *_page("/glossary", EVERYONE, "terms.csv", "markers.xlsx"),
        ("/api/openapi.json", EVERYONE),
        ("/api", SIGNED_IN),
        *_page("/", SIGNED_IN),
        ("/download/recent-imports.csv", IMPORTERS),
        ("/download/network-schools.xlsx", frozenset({"network_lead"})),
        *_page("/schools", SIGNED_IN, "schools.csv", "schools.xlsx"),
        *_page(
            f"/schools/{OWN}", SIGNED_IN, "against.csv", "inspections.csv", "measures.xlsx", "lineage.csv"
        ),
        *_page(f"/schools/{ELSEWHERE}", SIGNED_IN, "inspections.xlsx"),
        # families are built from published figures only: every signed-in user
        *_page(f"/schools/{OWN}/family", SIGNED_IN, "family.csv", "drivers.xlsx"),
        *_page(f"/schools/{ELSEWHERE}/family", SIGNED_IN, "family.xlsx"),
        *_page(f"/groups/{GROUP}", SIGNED_IN, "schools.csv", "schools.xlsx"),
        *_page(f"/schools/{OWN}/record", _record_readers(OWN), "notes.csv", "notes.xlsx"),
        *_page(f"/schools/{OTHER}/record", _record_readers(OTHER), "notes.csv"),
        *_page(f"/schools/{TWIN}/record", _record_readers(TWIN), "notes.xlsx"),
        *_page(f"/schools/{ELSEWHERE}/record", _record_readers(ELSEWHERE), "notes.csv"),
        *_page("/schools/999999/record", NOBODY, "notes.csv"),  # a guessed URN that is not there
        *_page("/las", SIGNED_IN, "las.csv", "las.xlsx"),
        *_page("/las/999", SIGNED_IN, "statistics.csv", "schools.xlsx", "groups.csv", "by-theme.xlsx"),
        # the authority's picture: LA-level aggregates and published inspection outcomes, for everyone
        *_page(
            "/las/999/picture",
            SIGNED_IN,
            "ks2_rwm_expected.csv",
            "attainment8.xlsx",
            "progress8.csv",
            "good-or-better.xlsx",
            "inspections.csv",
            "by-phase.xlsx",
        ),
        *_page(
            "/las/999/compare",
            SIGNED_IN,
            "comparison.csv",
            "comparison.xlsx",
            "comparators.csv",
            "ranking.xlsx",
        ),
        ("/las/999/compare/chart.png?measure=attainment8", SIGNED_IN),
        ("/las/331/compare/chart.png?comparator=region", SIGNED_IN),
        # the measure catalogue: published definitions, for everyone signed in
        *_page("/measures", SIGNED_IN, "measures.csv", "measures.xlsx"),
        *_page("/measures?q=attainment", SIGNED_IN),
        # custom comparison sets: the LA's own users (a headteacher's scope is a school, not the LA)
        *_page("/las/999/comparator-sets", LA_999_USERS, "sets.csv", "sets.xlsx"),
        *_page("/las/331/comparator-sets", frozenset({"other_officer"}), "sets.csv"),
        (f"/comparator-sets/{_comparator_set()}/edit", frozenset({"officer"})),  # its owner only
        ("/comparator-sets/999999/edit", NOBODY),
        *_page(
            "/las/999/neighbours",
            SIGNED_IN,
            "official.csv",
            "computed.xlsx",
            "characteristics.csv",
            "agreement.xlsx",
        ),
        *_page(
            "/las/999/inspections-summary",
            SIGNED_IN,
            "inspections.csv",
            "by-phase.xlsx",
            "by-previous-grade.csv",
        ),
        *_page("/imports", IMPORTERS, "imports.csv", "imports.xlsx"),
        *_page(
            f"/imports/{import_pk}",
            IMPORTERS,
            "loaded.csv",
            "skipped.xlsx",
            "unknown-columns.csv",
            "skipped-by-reason.csv",
        ),
        ("/imports/upload", IMPORTERS),
        *_page("/users", ADMINS, "users.csv", "users.xlsx"),
        ("/users/new", ADMINS),
        (f"/users/{officer_pk}", ADMINS),
        (f"/users/{other_officer_pk}", NOBODY),  # another LA's user, even for an administrator
        *_page("/audit", ADMINS, "audit.csv", "audit.xlsx"),
        # support figures (issue 14): aggregates for the LA's staff and members, the tables naming
        # schools or providers, the provider audit and the reports for its staff only
        *_page(
            "/las/999/support/timeliness", SUPPORT_FIGURES, "overall.csv", "by-category.xlsx", "by-area.csv"
        ),
        ("/las/999/support/timeliness/download/agreements.csv", LA_999_STAFF),
        ("/las/999/support/timeliness/download/overdue.xlsx", LA_999_STAFF),
        ("/las/999/support/timeliness/download/unmatched.csv", LA_999_STAFF),
        *_page("/las/331/support/timeliness", frozenset({"other_officer"}), "agreements.csv"),
        *_page(
            "/las/999/support/quality",
            SUPPORT_FIGURES,
            "ratings-by-term.csv",
            "ratings-by-area.xlsx",
            "objectives.csv",
            "outcome-counts.xlsx",
        ),
        ("/las/999/support/quality/download/ratings-by-provider.csv", LA_999_STAFF),
        ("/las/999/support/quality/download/outcomes.xlsx", LA_999_STAFF),
        *_page("/las/331/support/quality", frozenset({"other_officer"}), "outcomes.csv"),
        *_page("/las/999/support/providers", LA_999_STAFF, "providers.csv", "providers.xlsx"),
        *_page("/las/331/support/providers", frozenset({"other_officer"}), "providers.csv"),
        *_page(
            f"/las/999/support/providers/{TWIN}",
            LA_999_STAFF,
            "summary.csv",
            "agreements.xlsx",
            "ratings.csv",
            "outcomes.xlsx",
        ),
        *_page("/las/331/support/providers/coventry-hub", frozenset({"other_officer"}), "summary.csv"),
        ("/las/999/support/summary.pdf", LA_999_STAFF),
        ("/las/999/support/summary.xlsx", LA_999_STAFF),
        ("/las/331/support/summary.xlsx", frozenset({"other_officer"})),
        (f"/las/999/support/providers/{TWIN}/audit.xlsx", LA_999_STAFF),
        ("/las/331/support/providers/coventry-hub/audit.pdf", frozenset({"other_officer"})),
    ]


# Home page tables that only some roles have: for the others the table is not there (404), which
# refuses as surely as a 403 and says nothing that the role's own home page does not.
NOT_ON_THEIR_PAGE = {"/download/recent-imports.csv", "/download/network-schools.xlsx"}


def _refused(response, role: str) -> bool:  # type: ignore[no-untyped-def]
    if response.request["PATH_INFO"] in NOT_ON_THEIR_PAGE and role != "anonymous":
        return response.status_code == 404
    if role == "anonymous":
        data = response.request["PATH_INFO"].endswith((".json", ".csv", ".xlsx"))
        return (
            response.status_code == 401
            if data
            else (response.status_code == 302 and response["Location"].startswith("/sign-in"))
        )
    return response.status_code == 403


@pytest.fixture
def an_import() -> Import:
    return Import.objects.create(
        file_name="x.csv",
        sha256="0" * 64,
        kind="gias",
        status="loaded",
        loaded_by="tests",
        counts={"links": 1},
    )


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_every_address_as_every_role(role: str, as_role, users, an_import: Import) -> None:
    client = as_role(role)
    wrong = []
    for url, allowed in matrix(an_import.pk, users["officer"].pk, users["other_officer"].pk):
        response = client.get(url)
        if role in allowed:
            if response.status_code != 200:
                wrong.append(f"{url}: expected 200, got {response.status_code}")
        elif not _refused(response, role):
            wrong.append(f"{url}: expected a refusal, got {response.status_code}")
    assert not wrong, "\n".join(wrong)


def _names(patterns: list[URLPattern | URLResolver]) -> set[str]:
    return {p.name for p in patterns if isinstance(p, URLPattern) and p.name}


def post_matrix(officer_pk: int, other_officer_pk: int) -> list[tuple[str, dict[str, str], frozenset[str]]]:
    """The forms' POST addresses, with what is sent, and who may send it (in this order, one role at a
    time: a note is changed before it is deleted)."""
    north, coventry = _networks()
    own_note, elsewhere_note = _notes()
    own_run, coventry_run, own_concern, elsewhere_concern = _casework()
    admins_331: frozenset[str] = NOBODY  # LA 331 has no administrator among the roles
    own_brokerage, coventry_brokerage = _brokerage_runs()
    own_partner, coventry_partner = _partners()
    partner = {"name": "Ann", "days": "12", "phases": "primary", "active": "on"}
    own_survey, coventry_survey = _surveys()
    round_form = {
        "questionnaire": "support_in_18_months:1",
        "opens_on": "2026-01-05",
        "closes_on": "2026-02-05",
        "asked": "all",
    }
    answers = {"q_trust": "agree", "q_capacity": "agree", "q_clarity": "agree", "q_challenge": "disagree"}
    own_agreement, others_agreement, coventry_agreement = _agreements()
    own_support = f"/las/999/support/{own_agreement}"
    reason = {"reason": "The head is away this term", "confirm": "yes"}
    return [
        # surveys: rounds made by the LA's staff; a school's answers by them and the school's own head
        ("/las/999/surveys/new", round_form, LA_999_STAFF),
        ("/las/331/surveys/new", round_form, frozenset({"other_officer"})),
        (
            f"/surveys/{own_survey}/schools/{OWN}/answer",
            answers,
            frozenset({"admin", "officer", "headteacher"}),
        ),
        (f"/surveys/{own_survey}/schools/{OTHER}/answer", answers, LA_999_STAFF),
        (f"/surveys/{own_survey}/schools/{ELSEWHERE}/answer", answers, NOBODY),
        (f"/surveys/{coventry_survey}/schools/{ELSEWHERE}/answer", answers, frozenset({"other_officer"})),
        # (network-surveys) a network lead answers their own network's round, no other
        (
            f"/surveys/{_network_survey()}/network/answer",
            {**answers, "urn": str(OTHER)},
            frozenset({"network_lead"}),
        ),
        (f"/surveys/{own_survey}/network/answer", {**answers, "urn": str(OWN)}, NOBODY),
        # support agreements: heads add days delivered and reviews to their own school's only
        ("/las/999/support/new", {"supported_urn": str(TWIN), "days_planned": "x"}, LA_999_STAFF),
        ("/las/331/support/new", {"supported_urn": str(ELSEWHERE)}, frozenset({"other_officer"})),
        (
            f"{own_support}/deliveries/add",
            {"days": "1", "delivered_on-day": "2", "delivered_on-month": "9", "delivered_on-year": "2025"},
            LA_999_STAFF | {"headteacher"},
        ),
        (f"{own_support}/reviews/add", {"progress": "green"}, LA_999_STAFF | {"headteacher"}),
        (f"/las/999/support/{others_agreement}/deliveries/add", {"days": "1"}, LA_999_STAFF),
        (f"{own_support}/objectives/add", {"area": "reading", "text": "Writing"}, LA_999_STAFF),
        (f"{own_support}/terms", {"days_planned": "7"}, LA_999_STAFF),
        (f"{own_support}/advance", {"outcome": "met"}, LA_999_STAFF),
        (f"{own_support}/pause", reason, LA_999_STAFF),
        (f"{own_support}/reopen", reason, LA_999_STAFF),
        (f"{own_support}/stop", {"reason": ""}, LA_999_STAFF),
        (f"/las/331/support/{coventry_agreement}/advance", {}, frozenset({"other_officer"})),
        (f"/las/331/support/{coventry_agreement}/pause", reason, frozenset({"other_officer"})),
        (f"/las/331/support/{coventry_agreement}/reviews/add", {}, frozenset({"other_officer"})),
        ("/las/999/partners/new", {**partner, "name": "Bea"}, ADMINS),
        ("/las/331/partners/new", {**partner, "name": "Dee"}, admins_331),
        (f"/las/999/partners/{own_partner}/edit", partner, ADMINS),
        (f"/las/331/partners/{coventry_partner}/edit", {**partner, "name": "Taken"}, admins_331),
        ("/las/999/partners/days", {"days_1": "1", "days_2": "2", "days_3": "4", "days_4": "8"}, ADMINS),
        ("/las/331/partners/days", {"days_1": "9", "days_2": "9", "days_3": "9", "days_4": "9"}, admins_331),
        (
            "/las/999/partners/allocation/pin",
            {"year": "2026", "urn": str(OWN), "partner": str(own_partner)},
            LA_999_STAFF,
        ),
        ("/las/999/partners/allocation/unpin", {"year": "2026", "urn": str(OTHER)}, LA_999_STAFF),
        ("/las/999/partners/allocation/run", {"year": "2026"}, LA_999_STAFF),
        ("/las/999/partners/allocation/accept", {"year": "2026"}, LA_999_STAFF),
        ("/las/331/partners/allocation/run", {"year": "2026"}, frozenset({"other_officer"})),
        ("/las/331/partners/allocation/accept", {"year": "2026"}, frozenset({"other_officer"})),
        (
            "/las/331/partners/allocation/unpin",
            {"year": "2026", "urn": str(OWN)},
            frozenset({"other_officer"}),
        ),
        (
            "/las/331/partners/allocation/pin",
            {"year": "2026", "urn": str(OWN), "partner": str(own_partner)},
            frozenset({"other_officer"}),
        ),
        ("/account/password", {"current_password": "wrong"}, SIGNED_IN),
        (f"/users/{officer_pk}/password", {}, ADMINS),
        (f"/users/{other_officer_pk}/password", {}, NOBODY),
        (f"/schools/{OWN}/record/notes/{own_note}/edit", {"text": "Visited again."}, LA_999_STAFF),
        (f"/schools/{OWN}/record/notes/{own_note}/delete", {}, LA_999_STAFF),
        (
            f"/schools/{ELSEWHERE}/record/notes/{elsewhere_note}/edit",
            {"text": "x"},
            frozenset({"other_officer"}),
        ),
        (f"/schools/{ELSEWHERE}/record/notes/{elsewhere_note}/delete", {}, frozenset({"other_officer"})),
        ("/las/999/networks/new", {"name": "South cluster"}, ADMINS),
        ("/las/331/networks/new", {"name": "Guessed cluster"}, admins_331),
        (f"/networks/{north}/rename", {"name": "North cluster"}, ADMINS),
        (f"/networks/{north}/schools/add", {"urn": str(TWIN)}, ADMINS),
        (f"/networks/{north}/schools/remove", {"remove_urn": str(TWIN)}, ADMINS),
        (f"/networks/{coventry}/rename", {"name": "Ours now"}, admins_331),
        (f"/networks/{coventry}/schools/add", {"urn": str(OWN)}, admins_331),
        (f"/networks/{coventry}/schools/remove", {"remove_urn": str(ELSEWHERE)}, admins_331),
        ("/networks/999999/rename", {"name": "Guess"}, NOBODY),
        # a network's activities: its LA's staff and its own leads
        (f"/networks/{north}/activities/add", _ACTIVITY, LA_999_STAFF | {"network_lead"}),
        (f"/networks/{coventry}/activities/add", _ACTIVITY, frozenset({"other_officer"})),
        ("/networks/999999/activities/add", _ACTIVITY, NOBODY),
        (f"/networks/{north}/describe", {"kind": "cluster", "lead": "A head"}, ADMINS),
        (f"/networks/{coventry}/describe", {"kind": "cluster"}, admins_331),
        # rebuilding families (derived from published data): administrators and officers of any LA
        (f"/schools/{OWN}/family/rebuild", {"method": "pupil", "scope": "national"}, IMPORTERS),
        ("/las/999/datapacks/request", {}, LA_999_STAFF),
        # custom comparison sets: made by an LA's staff for their own LA; deleted by their owner
        ("/las/999/comparator-sets/new", {"name": "Core", "members": ["331"], "shared": "yes"}, LA_999_STAFF),
        ("/las/331/comparator-sets/new", {"name": "Ours", "members": ["999"]}, frozenset({"other_officer"})),
        (
            f"/comparator-sets/{_comparator_set()}/edit",
            {"name": "Renamed", "members": ["331"]},
            frozenset({"officer"}),
        ),
        (f"/comparator-sets/{_comparator_set()}/delete", {}, frozenset({"officer"})),
        ("/comparator-sets/999999/delete", {}, NOBODY),
        (
            "/las/999/governors/training/add",
            {"course_title": "Data", "course_date": "2026-01-15", "urn": str(OWN), "governor": "Chair"},
            LA_999_STAFF,
        ),
        ("/las/999/careers/results", {"urn": str(OWN), "year": "2024/25", "gb1": "100"}, LA_999_STAFF),
        ("/las/331/careers/results", {"urn": str(ELSEWHERE), "year": "2025"}, frozenset({"other_officer"})),
        (
            "/las/331/governors/training/add",
            {"course_title": "Data", "course_date": "2026-01-15", "urn": str(ELSEWHERE), "governor": "Chair"},
            frozenset({"other_officer"}),
        ),
        ("/las/331/datapacks/request", {}, frozenset({"other_officer"})),
        # aspiration events entered by hand (broker-evidence, issue 15): the LA's officers and admins
        ("/las/999/aspirations/add", {"event_name": "Week", "schools": "x"}, LA_999_STAFF),
        ("/las/331/aspirations/add", {"event_name": "Week"}, frozenset({"other_officer"})),
        # categories and concerns: the school's LA officers and administrators; rules: administrators
        ("/las/999/brokerage/run", {}, LA_999_STAFF),
        ("/las/331/brokerage/run", {}, frozenset({"other_officer"})),
        (f"/las/999/brokerage/runs/{own_brokerage}/accept", {"need": "N1"}, LA_999_STAFF),
        (
            f"/las/331/brokerage/runs/{coventry_brokerage}/accept",
            {"need": "N1"},
            frozenset({"other_officer"}),
        ),
        (f"/las/999/brokerage/runs/{coventry_brokerage}/accept", {"need": "N1"}, NOBODY),
        ("/las/999/brokerage/rules", {"need": "N9", "offer": "O9", "rule": "pin"}, LA_999_STAFF),
        ("/las/331/brokerage/rules", {"rule": "pin"}, frozenset({"other_officer"})),
        # brokerage: taking a rule away, what-if runs (broker-evidence)
        ("/las/999/brokerage/rules/remove", {"rule": "999999"}, LA_999_STAFF),
        ("/las/331/brokerage/rules/remove", {"rule": "1"}, frozenset({"other_officer"})),
        ("/las/999/brokerage/what-if", {"offer": "O9"}, LA_999_STAFF),
        ("/las/331/brokerage/what-if", {}, frozenset({"other_officer"})),
        ("/las/999/brokerage/needs/propose", {}, LA_999_STAFF),
        ("/las/331/brokerage/needs/propose", {}, frozenset({"other_officer"})),
        ("/las/999/brokerage/needs/decide", {"need": "N9", "action": "withdraw"}, LA_999_STAFF),
        (
            "/las/331/brokerage/needs/decide",
            {"need": "N9", "action": "dismiss"},
            frozenset({"other_officer"}),
        ),
        ("/las/999/brokerage/needs/add", {"need_id": "N9", "urn": str(ELSEWHERE)}, LA_999_STAFF),
        ("/las/331/brokerage/needs/add", {"need_id": "N9"}, frozenset({"other_officer"})),
        ("/las/999/brokerage/needs/upload", {}, LA_999_STAFF),
        ("/las/331/brokerage/needs/upload", {}, frozenset({"other_officer"})),
        ("/las/999/brokerage/offers/save", {"offer_id": "O9"}, LA_999_STAFF),
        ("/las/331/brokerage/offers/save", {"offer_id": "O9"}, frozenset({"other_officer"})),
        ("/las/999/brokerage/offers/offer", {"capacity_days": "x"}, frozenset({"headteacher"})),
        ("/las/331/brokerage/offers/offer", {"capacity_days": "x"}, NOBODY),
        ("/las/999/brokerage/offers/confirm", {"offer": "O9"}, LA_999_STAFF),
        ("/las/331/brokerage/offers/confirm", {"offer": "O9"}, frozenset({"other_officer"})),
        ("/las/999/brokerage/offers/upload", {}, LA_999_STAFF),
        ("/las/331/brokerage/offers/upload", {}, frozenset({"other_officer"})),
        ("/las/999/categories/recompute", {}, LA_999_STAFF),
        ("/las/331/categories/recompute", {}, frozenset({"other_officer"})),
        (f"/las/999/categories/runs/{own_run}/apply", {}, LA_999_STAFF),
        (f"/las/331/categories/runs/{coventry_run}/apply", {}, frozenset({"other_officer"})),
        (f"/schools/{OWN}/category/override", {"category": "2", "rationale": "Agreed"}, LA_999_STAFF),
        (
            f"/schools/{ELSEWHERE}/category/override",
            {"category": "2", "rationale": "x"},
            frozenset({"other_officer"}),
        ),
        (f"/schools/{OWN}/concerns/add", {"kind": "finance", "raised_on": "2026-01-05"}, LA_999_STAFF),
        (f"/schools/{OWN}/concerns/{own_concern}/close", {"closed_on": "2026-01-06"}, LA_999_STAFF),
        (
            f"/schools/{ELSEWHERE}/concerns/{elsewhere_concern}/close",
            {"closed_on": "2026-01-06"},
            frozenset({"other_officer"}),
        ),
        ("/las/999/category-rules/upload", {}, ADMINS),
        ("/las/999/category-rules/confirm", {"text": ""}, ADMINS),
        ("/las/331/category-rules/upload", {}, admins_331),
    ]


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_every_form_as_every_role(role: str, as_role, users) -> None:
    """Allowed: the form answers (200, a redirect after success, or 400 with its errors); refused
    otherwise, with nothing changed."""
    client = as_role(role)
    wrong = []
    for url, data, allowed in post_matrix(users["officer"].pk, users["other_officer"].pk):
        response = client.post(url, data)
        if role in allowed:
            redirected_to_sign_in = response.status_code == 302 and "/sign-in" in response["Location"]
            if response.status_code not in (200, 302, 400) or redirected_to_sign_in:
                wrong.append(f"POST {url}: expected an answer, got {response.status_code}")
        elif not _refused(response, role):
            wrong.append(f"POST {url}: expected a refusal, got {response.status_code}")
    assert not wrong, "\n".join(wrong)
    coventry = Network.objects.get(pk=_networks()[1])
    assert (coventry.name, list(coventry.members.values_list("urn", flat=True))) == (
        OTHER_LA_NETWORK,
        [ELSEWHERE],
    )


def test_the_matrix_covers_every_address(users, an_import: Import) -> None:
    """Every named address (pages, their JSON and downloads, forms) is visited above or below."""
    from django.urls import resolve

    urls = [url for url, _ in matrix(1, 1, 2)] + [url for url, _, _ in post_matrix(1, 2)]
    visited = {resolve(url.split("?")[0]).url_name for url in urls}
    elsewhere = {"login", "logout", "add-note", "import-confirm"}  # tested below, and in test_security
    missing = _names(get_resolver().url_patterns) - visited - elsewhere
    assert not missing, f"addresses with no row in the permission matrix: {sorted(missing)}"


@pytest.mark.parametrize(
    ("role", "urn", "allowed"),
    [
        ("admin", OWN, True),
        ("officer", OTHER, True),
        ("headteacher", OWN, False),  # reads the school's record, does not write it
        ("network_lead", OTHER, False),
        ("member", OWN, False),
        ("other_officer", OWN, False),
        ("other_officer", ELSEWHERE, True),
    ],
)
def test_only_the_school_s_own_officers_record_notes(role: str, urn: int, allowed: bool, as_role) -> None:
    response = as_role(role).post(f"/schools/{urn}/record/notes", {"text": "Visited; maths lead new."})
    assert response.status_code == (302 if allowed else 403)


@pytest.mark.parametrize("role", ["headteacher", "network_lead", "member"])
def test_only_importers_may_confirm_an_import(role: str, as_role) -> None:
    assert as_role(role).post("/imports/confirm", {"token": "guess"}).status_code == 403


def test_anonymous_posts_are_sent_to_sign_in(as_role) -> None:
    response = as_role("anonymous").post(f"/schools/{OWN}/record/notes", {"text": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/sign-in")


def test_headteacher_guessing_other_urns_sees_no_record(as_role) -> None:
    client = as_role("headteacher")
    for urn in (OTHER, TWIN, ELSEWHERE, OWN + 2, 999999):
        assert client.get(f"/schools/{urn}/record").status_code == 403
        assert client.get(f"/schools/{urn}/record.json").status_code == 403
        assert client.get(f"/schools/{urn}/record/download/notes.csv").status_code == 403


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_sign_in_is_open_and_sends_the_signed_in_home(role: str, as_role) -> None:
    response = as_role(role).get("/sign-in")
    assert response.status_code == 200 if role == "anonymous" else response["Location"] == "/"


# User administration, superusers included (issue 8, defect 1). Written out by hand from the rule:
# an LA administrator manages the users of their own LA, but nobody but a superuser changes a
# superuser, an administrator of another LA, or their own role; a superuser manages everyone.

SUPERUSER = frozenset({"superuser"})
USER_ADMINS = ADMINS | SUPERUSER
NEW_PASSPHRASE = "a brand new passphrase"


@pytest.fixture
def users(users):  # type: ignore[no-untyped-def]
    """The roles of conftest, and the users that user administration is about: a superuser with no
    LA (also a role here), a superuser sitting in LA 999 (as `createuser --superuser --la 999` made
    them) and the administrator of another LA."""
    from django.contrib.auth.models import User

    from peerlift.web import accounts
    from peerlift.web.models import Role

    from .conftest import PASSWORD

    made = {
        "superuser": User.objects.create_superuser("superuser", password=PASSWORD),
        "root_999": accounts.create_user(
            "root_999", PASSWORD, accounts.Scope(Role.OFFICER, la=999), actor="tests", superuser=True
        )[0],
        "other_admin": accounts.create_user(
            "other_admin", PASSWORD, accounts.Scope(Role.ADMIN, la=331), actor="tests"
        )[0],
    }
    return {**users, **made}


def user_targets(users) -> dict[str, frozenset[str]]:  # type: ignore[no-untyped-def]
    """Whose account each role may change: the target's name and the roles that may."""
    return {
        "officer": USER_ADMINS,
        "member": USER_ADMINS,
        "other_officer": SUPERUSER,  # another LA's user
        "admin": SUPERUSER,  # the administrator's own account: not their own role
        "other_admin": SUPERUSER,  # an administrator of another scope
        "root_999": SUPERUSER,  # a superuser, even one with a profile in the LA
        "superuser": SUPERUSER,
    }


def user_matrix(users) -> list[tuple[str, frozenset[str]]]:  # type: ignore[no-untyped-def]
    rows = [("/users", USER_ADMINS), ("/users.json", USER_ADMINS), ("/users/new", USER_ADMINS)]
    rows += [("/audit", USER_ADMINS), ("/audit/download/audit.csv", USER_ADMINS)]
    for name, allowed in user_targets(users).items():
        pk = users[name].pk
        rows += [(f"/users/{pk}", allowed), (f"/users/{pk}/password", allowed)]
    return rows


MATRIX_ROLES = sorted(EVERYONE | SUPERUSER)


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_every_user_address_as_every_role(role: str, as_role, users) -> None:
    client = as_role(role)
    wrong = []
    for url, allowed in user_matrix(users):
        response = client.get(url)
        if role in allowed:
            if response.status_code != 200:
                wrong.append(f"{url}: expected 200, got {response.status_code}")
        elif not _refused(response, role):
            wrong.append(f"{url}: expected a refusal, got {response.status_code}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_every_user_form_as_every_role(role: str, as_role, users) -> None:
    """POST each user form (reset the password; the edit form with a role, "can sign in" and a new
    password; add a user). Allowed: it answers; refused: the user is exactly as before, password too."""
    from django.contrib.auth.models import User

    from peerlift.web import audit

    from .conftest import PASSWORD

    client = as_role(role)
    targets = user_targets(users)
    before = {name: audit.user_snapshot(users[name]) for name in targets}
    change = {"role": "admin", "la": "999", "active": "yes", "password": NEW_PASSPHRASE}
    wrong = []
    for name, allowed in targets.items():
        pk = users[name].pk
        for url, data in ((f"/users/{pk}/password", {}), (f"/users/{pk}", change)):
            response = client.post(url, data)
            if role in allowed:
                if response.status_code not in (200, 302, 400):
                    wrong.append(f"POST {url} ({name}): expected an answer, got {response.status_code}")
            elif not _refused(response, role):
                wrong.append(f"POST {url} ({name}): expected a refusal, got {response.status_code}")
    response = client.post("/users/new", {"username": f"made_by_{role}", "role": "admin", "la": "331"})
    if role in USER_ADMINS:
        if response.status_code != 302:
            wrong.append(f"POST /users/new: expected a redirect, got {response.status_code}")
    elif not _refused(response, role) or User.objects.filter(username=f"made_by_{role}").exists():
        wrong.append(f"POST /users/new: expected a refusal, got {response.status_code}")
    for name, allowed in targets.items():
        if role not in allowed:
            user = User.objects.get(pk=users[name].pk)
            if audit.user_snapshot(user) != before[name] or not user.check_password(PASSWORD):
                wrong.append(f"{name} was changed by {role}")
    assert not wrong, "\n".join(wrong)


def test_every_address_as_a_superuser(as_role, users, an_import: Import) -> None:
    """A superuser sees every address that exists; a guessed id is not found (404) rather than refused,
    and a home-page table of another role's is not on their home page."""
    client = as_role("superuser")
    absent = {
        "/networks/999999",
        "/schools/999999/record",
        "/schools/999999/governors",
        "/download/network-schools.xlsx",
        "/comparator-sets/999999",
    }
    absent.add(f"/las/999/partners/{_partners()[1]}/edit")  # LA 331's partner under LA 999
    absent |= {"/surveys/999999", f"/surveys/{_surveys()[0]}/schools/{ELSEWHERE}"}  # not there, not asked
    absent.add(f"/surveys/{_surveys()[0]}/network")  # (network-surveys) a round of no network
    wrong = []
    for url, _ in matrix(an_import.pk, users["officer"].pk, users["other_officer"].pk):
        expected = 404 if any(url.startswith(a) for a in absent) else 200
        status = client.get(url).status_code
        if status != expected:
            wrong.append(f"{url}: expected {expected}, got {status}")
    assert not wrong, "\n".join(wrong)
