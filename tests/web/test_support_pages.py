"""The support agreement pages (issue 14): the LA's list and its filters, an agreement as a task
list, each form's validation and the state machine's refusals in words, read-only when paused or
stopped, and what a head may do. Expected values are written out by hand from the records made
here, not read back from the pages' own code."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from peerlift.store.models import (
    AcceptedMatch,
    AgreementEvent,
    AgreementObjective,
    DeliveryEntry,
    ObjectiveProgress,
    SupportAgreement,
    SupportReview,
)
from peerlift.web import brokerage_changes, support_todo
from peerlift.web import support_changes as changes
from peerlift.web.models import AuditEntry

from .conftest import ELSEWHERE, OTHER, OWN, TWIN

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 9, 1)


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def _to(agreement: SupportAgreement, milestone: str, objective: bool = True) -> SupportAgreement:
    """Moves an agreement on, one milestone at a time, to ``milestone`` (an objective on the way)."""
    order = ["agreed", "first_meeting", "diagnosis", "plan_agreed", "in_delivery"]
    for step in order[: order.index(milestone) + 1]:
        if step == "plan_agreed" and objective and not agreement.objectives.exists():
            changes.add_objective(
                agreement, "officer", area="reading", text="Phonics taught daily", success_measure="80% pass"
            )
        agreement = changes.advance(agreement, step, "officer", on=DAY)
    return agreement


@pytest.fixture
def own(users) -> SupportAgreement:  # type: ignore[no-untyped-def]
    """LA 999: our head's school (OWN) supported by OTHER, six days, reading and maths."""
    return changes.create_agreement(
        999,
        OWN,
        "officer",
        days_planned=6,
        supporter_urn=OTHER,
        focus_areas=["reading", "maths"],
        officer="officer",
        on=DAY,
    )


@pytest.fixture
def others(users) -> SupportAgreement:  # type: ignore[no-untyped-def]
    """LA 999: TWIN supported by an LA adviser, at first meeting and paused; our head is in neither school."""
    made = changes.create_agreement(
        999,
        TWIN,
        "admin",
        days_planned=3,
        supporter_name="A. Adviser",
        supporter_kind="la_adviser",
        focus_areas=["early_years"],
        officer="admin",
        on=DAY,
    )
    made = _to(made, "first_meeting")
    return changes.pause(made, "Head on leave", "admin", on=DAY)


@pytest.fixture
def coventry(users) -> SupportAgreement:  # type: ignore[no-untyped-def]
    return changes.create_agreement(
        331, ELSEWHERE, "other_officer", days_planned=2, supporter_name="B. Lee", supporter_kind="nle"
    )


def _main(response) -> str:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    return html.split('id="main-content"', 1)[1].split("</main>", 1)[0]


# --- the list -----------------------------------------------------------------------------------


def test_the_list_shows_the_la_s_agreements_in_words_and_filters_them(as_role, own, others, coventry) -> None:
    client = as_role("officer")
    page = _main(client.get("/las/999/support"))
    assert f"Agreement {own.pk}" in page and f"Agreement {others.pk}" in page
    assert f"Agreement {coventry.pk}" not in page  # another LA's
    assert "Hillside Primary Academy" in page and "Reading, Maths" in page
    assert "Proposed" in page and "First meeting" in page and "Paused" in page
    assert "LA adviser" in page and "Early years" in page
    table = page.split('id="table-agreements"')[1].split("</table>")[0]
    assert "first_meeting" not in table and "la_adviser" not in table and "early_years" not in table

    def ids(query: str) -> list[int]:
        data = json.loads(client.get(f"/las/999/support.json?{query}").content)
        return [r["id"] for r in data["agreements"]]

    assert ids("") == [own.pk, others.pk]
    assert ids("milestone=first_meeting") == [others.pk]
    assert ids("status=active") == [own.pk]
    assert ids("status=paused") == [others.pk]
    assert ids("area=maths") == [own.pk]
    assert ids("area=early_years") == [others.pk]
    assert ids("officer=admin") == [others.pk]
    assert ids("milestone=proposed&status=paused") == []
    data = json.loads(client.get("/las/999/support.json?status=paused").content)
    assert data["agreements"][0]["milestone"] == "first_meeting"  # the JSON keeps the codes
    assert data["filters"] == {"milestone": None, "status": "paused", "area": None, "officer": None}


def test_the_list_downloads_as_filtered_with_labels(as_role, own, others) -> None:
    csv = as_role("officer").get("/las/999/support/download/agreements.csv?status=paused").content
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[0].startswith(
        "Agreement,Supported school,URN,Lead supporter,Who,Focus areas,Milestone,Status"
    )
    assert len(lines) == 2
    assert ",First meeting,Paused,3,0," in lines[1] and "LA adviser" in lines[1]
    xlsx = as_role("officer").get("/las/999/support/download/agreements.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_a_head_sees_only_the_agreements_their_school_is_in(as_role, own, others) -> None:
    client = as_role("headteacher")
    page = _main(client.get("/las/999/support"))
    assert f"Agreement {own.pk}" in page and f"Agreement {others.pk}" not in page
    assert "Make a support agreement" not in page
    assert client.get(f"/las/999/support/{own.pk}").status_code == 200
    assert client.get(f"/las/999/support/{others.pk}").status_code == 403


def test_a_head_of_a_supporting_school_or_a_contributor_sees_it(as_role, users) -> None:
    made = changes.create_agreement(
        999, TWIN, "officer", days_planned=2, supporter_urn=OWN, focus_areas=["maths"], on=DAY
    )
    contributed = changes.create_agreement(
        999,
        OTHER,
        "officer",
        days_planned=2,
        supporter_name="C. Day",
        supporter_kind="sle",
        contributors=[{"name": "Hillside Primary Academy", "urn": OWN}],
        focus_areas=["maths"],
        on=DAY,
    )
    client = as_role("headteacher")
    assert client.get(f"/las/999/support/{made.pk}").status_code == 200
    assert client.get(f"/las/999/support/{contributed.pk}").status_code == 200


@pytest.mark.parametrize("role", ["member", "network_lead"])
def test_members_and_network_leads_see_no_agreement(role: str, as_role, own) -> None:
    client = as_role(role)
    for url in ("/las/999/support", f"/las/999/support/{own.pk}", f"/las/999/support/{own.pk}.json"):
        assert client.get(url).status_code == 403


def test_another_la_s_agreement_is_never_found_under_one_s_own_la(as_role, coventry, users) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    assert as_role("officer").get(f"/las/999/support/{coventry.pk}").status_code == 403
    assert (
        as_role("officer").post(f"/las/999/support/{coventry.pk}/pause", {"reason": "x"}).status_code == 403
    )
    root = User.objects.create_superuser("root", password="x" * 16)
    client = Client()
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/las/999/support/{coventry.pk}").status_code == 404
    assert client.get(f"/las/331/support/{coventry.pk}").status_code == 200


# --- one agreement --------------------------------------------------------------------------------


def test_the_agreement_page_is_a_task_list_with_plan_deliveries_reviews_and_history(as_role, own) -> None:
    agreement = _to(own, "in_delivery")
    objective = agreement.objectives.get()
    changes.record_delivery(
        agreement, "officer", days=1.5, delivered_on=dt.date(2025, 9, 10), delivered_by="Ann"
    )
    changes.record_delivery(agreement, "officer", days=2, delivered_on=dt.date(2025, 10, 1))
    changes.record_review(
        agreement,
        "officer",
        reviewed_on=dt.date(2025, 12, 1),
        reviewer="Ann",
        progress="amber",
        quality=3,
        next_review_on=dt.date(2026, 3, 2),
        objective_progress={objective.pk: "green"},
    )
    response = as_role("officer").get(f"/las/999/support/{agreement.pk}")
    page = _main(response)
    assert 'class="govuk-task-list"' in page
    statuses = page.split('id="milestones"')[1].split("</ul>")[0]
    # proposed .. plan agreed completed; in delivery in progress; closing not yet started
    assert statuses.count(">Completed<") == 5
    assert "In progress" in statuses and "Not yet started" in statuses
    assert "Close the agreement" in page
    assert "3.5 of 6 planned" in page  # 1.5 + 2 days delivered
    assert "Amber: some progress, but at risk of not meeting its objectives" in page
    assert "Good (3 of 4)" in page and "Objective 1: Green" in page
    assert "2 March 2026" in page and "1 December 2025" in page and "10 September 2025" in page
    assert "Phonics taught daily" in page and "80% pass" in page
    assert "Moved on" in page and "Plan agreed" in page
    data = json.loads(as_role("officer").get(f"/las/999/support/{agreement.pk}.json").content)
    assert data["agreement"]["milestone"] == "in_delivery" and data["agreement"]["days_delivered"] == 3.5
    assert [t for t in data["tables"]] == ["objectives", "deliveries", "reviews", "history"]


def test_a_proposed_agreement_s_later_milestones_cannot_start_yet(as_role, own) -> None:
    page = _main(as_role("officer").get(f"/las/999/support/{own.pk}"))
    statuses = page.split('id="milestones"')[1].split("</ul>")[0]
    assert statuses.count(">Completed<") == 1  # proposed
    assert statuses.count("Cannot start yet") == 5  # first meeting .. closed
    assert f'href="/las/999/support/{own.pk}/advance"' in statuses  # agreed, in progress
    assert "Reached on 1 September 2025" in statuses


def test_a_head_sees_only_the_delivery_and_review_links(as_role, own) -> None:
    agreement = _to(own, "in_delivery")
    page = _main(as_role("headteacher").get(f"/las/999/support/{agreement.pk}"))
    assert "Record days delivered" in page and "Record a review" in page
    assert "Add an objective" not in page and "Close the agreement" not in page and ">Pause<" not in page
    client = as_role("headteacher")
    for path in ("advance", "objectives/add", "pause", "stop", "reopen"):
        assert client.get(f"/las/999/support/{agreement.pk}/{path}").status_code == 403
        assert client.post(f"/las/999/support/{agreement.pk}/{path}", {"reason": "x"}).status_code == 403
    assert SupportAgreement.objects.get(pk=agreement.pk).status == "active"


def test_a_head_records_a_delivery_and_a_review_of_their_own_school_s_agreement(as_role, own) -> None:
    agreement = _to(own, "in_delivery")
    objective = agreement.objectives.get()
    client = as_role("headteacher")
    response = client.post(
        f"/las/999/support/{agreement.pk}/deliveries/add",
        {"days": "0.5", **_date("delivered_on", dt.date(2025, 11, 3)), "activity": "Coaching"},
    )
    assert response.status_code == 302
    delivery = DeliveryEntry.objects.get()
    assert (delivery.days, delivery.delivered_on, delivery.recorded_by) == (
        0.5,
        dt.date(2025, 11, 3),
        "headteacher",
    )
    response = client.post(
        f"/las/999/support/{agreement.pk}/reviews/add",
        {
            **_date("reviewed_on", dt.date(2025, 12, 1)),
            "reviewer": "Head",
            "progress": "green",
            f"objective_{objective.pk}": "amber",
            "quality": "4",
        },
    )
    assert response.status_code == 302
    review = SupportReview.objects.get()
    assert (review.progress, review.quality, review.recorded_by) == ("green", 4, "headteacher")
    assert list(ObjectiveProgress.objects.values_list("objective_id", "progress")) == [
        (objective.pk, "amber")
    ]


# --- making an agreement ------------------------------------------------------------------------------


def test_making_an_agreement_by_hand_checks_what_is_typed(as_role, own) -> None:
    client = as_role("officer")
    before = SupportAgreement.objects.count()

    def errors(data: dict[str, str]) -> str:
        response = client.post("/las/999/support/new", data)
        assert response.status_code == 400
        return _main(response).split("govuk-error-summary__list")[1].split("</ul>")[0]

    said = errors({})
    assert (
        "Enter the URN of the school to be supported" in said and "Enter the days of support planned" in said
    )
    assert "There is no school with URN 300001 in this LA" in errors(
        {"supported_urn": str(ELSEWHERE), "days_planned": "2", "supporter_urn": str(OTHER)}
    )
    assert "Choose the lead supporter" in errors({"supported_urn": str(TWIN), "days_planned": "2"})
    assert "A school cannot support itself" in errors(
        {"supported_urn": str(TWIN), "days_planned": "2", "supporter_urn": str(TWIN), "focus_areas": "maths"}
    )
    assert "Choose who the supporter is" in errors(
        {"supported_urn": str(TWIN), "days_planned": "2", "supporter_name": "D. Ray", "focus_areas": "maths"}
    )
    assert "Enter the days planned as a number" in errors(
        {
            "supported_urn": str(TWIN),
            "days_planned": "two",
            "supporter_urn": str(OTHER),
            "focus_areas": "maths",
        }
    )
    said = errors(
        {
            "supported_urn": str(TWIN),
            "days_planned": "2",
            "supporter_urn": str(OTHER),
            "focus_areas": "maths",
            **_date("start_on", dt.date(2026, 1, 5)),
            **_date("planned_end_on", dt.date(2025, 12, 1)),
        }
    )
    assert "The planned end date must be the same as or after the start date" in said
    assert "Choose at least one focus area" in errors(
        {"supported_urn": str(TWIN), "days_planned": "2", "supporter_urn": str(OTHER)}
    )
    assert SupportAgreement.objects.count() == before


def test_an_officer_makes_an_agreement_by_hand(as_role, users) -> None:
    response = as_role("officer").post(
        "/las/999/support/new",
        {
            "supported_urn": str(TWIN),
            "supporter_name": "D. Ray",
            "supporter_kind": "sle",
            "contributors": "E. Fry\n100002",
            "focus_areas": ["maths", "send"],
            "days_planned": "4.5",
            "cost": "1250.50",
            "funding_source": "School improvement grant",
            **_date("start_on", dt.date(2026, 1, 5)),
            "officer": "officer",
            "note": "Agreed at the January meeting",
        },
    )
    made = SupportAgreement.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/las/999/support/{made.pk}"
    assert (made.supported_urn, made.supporter_name, made.supporter_kind, made.days_planned) == (
        TWIN,
        "D. Ray",
        "sle",
        4.5,
    )
    assert made.focus_areas == ["maths", "send"] and str(made.cost) == "1250.50"
    assert made.contributors == [
        {"name": "E. Fry", "urn": None},
        {"name": "St Mary's Church of England Primary School", "urn": OTHER},
    ]
    assert list(made.history.values_list("action", "note")) == [("create", "Agreed at the January meeting")]
    assert AuditEntry.objects.filter(action="create agreement").count() == 1


def test_an_accepted_match_without_an_agreement_gets_one_from_the_form(as_role, users) -> None:
    need = brokerage_changes.save_need(
        "officer",
        999,
        {"need_id": "N1", "urn": OWN, "area": "reading", "urgency": 3, "days": 5.0, "raised_on": DAY},
    )
    offer = brokerage_changes.save_offer(
        "officer",
        999,
        {
            "offer_id": "O1",
            "supporter_urn": OTHER,
            "supporter_name": "",
            "kind": "school",
            "areas": ["reading"],
            "phases": [],
            "capacity_days": 10.0,
        },
    )
    match = AcceptedMatch.objects.create(
        la_code=999, need=need, offer=offer, score=1.0, accepted_by="officer"
    )
    client = as_role("officer")
    page = _main(client.get(f"/las/999/support/new?match={match.pk}"))
    assert "Need N1 of Hillside Primary Academy (Reading)" in page and 'value="5"' in page
    response = client.post("/las/999/support/new", {"match": str(match.pk), "days_planned": "5"})
    made = SupportAgreement.objects.get()
    assert response["Location"] == f"/las/999/support/{made.pk}"
    assert (made.accepted_match_id, made.lead_offer_id, list(made.needs.all())) == (
        match.pk,
        offer.pk,
        [need],
    )
    # the match has its agreement now: the form sends the officer to it
    again = client.get(f"/las/999/support/new?match={match.pk}")
    assert again.status_code == 302 and again["Location"] == f"/las/999/support/{made.pk}"


# --- moving on, pausing, stopping, reopening ----------------------------------------------------------


def test_advancing_goes_to_the_next_milestone_with_the_day_and_note(as_role, own) -> None:
    response = as_role("officer").post(
        f"/las/999/support/{own.pk}/advance",
        {**_date("happened_on", dt.date(2025, 9, 20)), "note": "Both heads signed"},
    )
    assert response.status_code == 302
    assert SupportAgreement.objects.get(pk=own.pk).milestone == "agreed"
    event = AgreementEvent.objects.filter(agreement=own).last()
    assert (event.action, event.milestone, event.happened_on, event.note) == (
        "advance",
        "agreed",
        dt.date(2025, 9, 20),
        "Both heads signed",
    )


def test_a_refused_advance_says_the_state_machine_s_words(as_role, own) -> None:
    agreement = _to(own, "diagnosis", objective=False)
    response = as_role("officer").post(f"/las/999/support/{agreement.pk}/advance", {})
    assert response.status_code == 400
    page = _main(response)
    assert (
        f"Agreement {agreement.pk} is at diagnosis and active: from there it can advance to plan agreed, "
        "be paused or be stopped. It cannot advance to plan agreed until it has at least one objective "
        "in its plan."
    ) in page.replace("\n", " ")
    assert SupportAgreement.objects.get(pk=agreement.pk).milestone == "diagnosis"


def test_an_advance_in_the_future_is_refused(as_role, own) -> None:
    later = dt.date.today() + dt.timedelta(days=3)
    response = as_role("officer").post(f"/las/999/support/{own.pk}/advance", _date("happened_on", later))
    assert response.status_code == 400
    assert "The date it happened cannot be in the future" in _main(response)
    assert SupportAgreement.objects.get(pk=own.pk).milestone == "proposed"


def test_closing_asks_for_an_outcome_and_a_note_then_a_confirmation(as_role, own) -> None:
    agreement = _to(own, "in_delivery")
    client = as_role("officer")
    url = f"/las/999/support/{agreement.pk}/advance"
    assert "Close agreement" in _main(client.get(url))
    said = _main(client.post(url, {}))
    assert "Choose the outcome" in said and "Enter a closing note" in said
    confirm = client.post(url, {"outcome": "partly", "closing_note": "Reading up; maths not yet"})
    assert confirm.status_code == 200
    page = _main(confirm)
    assert (
        "Objectives partly met" in page and "Closed is final" in page and 'name="confirm" value="yes"' in page
    )
    assert SupportAgreement.objects.get(pk=agreement.pk).milestone == "in_delivery"  # not yet
    done = client.post(
        url, {"outcome": "partly", "closing_note": "Reading up; maths not yet", "confirm": "yes"}
    )
    assert done.status_code == 302
    closed = SupportAgreement.objects.get(pk=agreement.pk)
    assert (closed.milestone, closed.outcome, closed.closing_note) == (
        "closed",
        "partly",
        "Reading up; maths not yet",
    )
    page = _main(client.get(f"/las/999/support/{agreement.pk}"))
    assert "Objectives partly met" in page and "This agreement is read-only" in page
    assert "Reopen" not in page  # closed is final


def test_pausing_asks_for_a_reason_and_a_confirmation_then_it_is_read_only(as_role, own) -> None:
    agreement = _to(own, "first_meeting")
    client = as_role("officer")
    url = f"/las/999/support/{agreement.pk}/pause"
    assert "Enter the reason" in _main(client.post(url, {"reason": "  "}))
    confirm = client.post(url, {"reason": "Head on leave", **_date("happened_on", dt.date(2025, 10, 6))})
    assert confirm.status_code == 200 and "Check before you pause" in _main(confirm)
    assert "6 October 2025" in _main(confirm)
    assert SupportAgreement.objects.get(pk=agreement.pk).status == "active"
    done = client.post(url, {"reason": "Head on leave", "happened_on": "2025-10-06", "confirm": "yes"})
    assert done.status_code == 302
    paused = SupportAgreement.objects.get(pk=agreement.pk)
    assert paused.status == "paused"
    assert paused.history.last().happened_on == dt.date(2025, 10, 6)

    page = _main(client.get(f"/las/999/support/{agreement.pk}"))
    assert "This agreement is read-only" in page and "Reopen" in page
    for absent in ("Record days delivered", "Add an objective", ">Pause<", ">Stop<", "Move on to"):
        assert absent not in page
    counts = (DeliveryEntry.objects.count(), AgreementObjective.objects.count(), AuditEntry.objects.count())
    refused = client.post(
        f"/las/999/support/{agreement.pk}/deliveries/add", {"days": "1", **_date("delivered_on", DAY)}
    )
    assert refused.status_code == 400
    assert "A paused agreement cannot be changed until it is reopened" in _main(refused)
    assert 'name="days"' not in _main(refused)  # no form while it is read-only
    for path in ("advance", "pause", "stop"):
        assert client.post(f"/las/999/support/{agreement.pk}/{path}", {"reason": "x"}).status_code == 400
    assert "from there it can be reopened" in _main(
        client.get(f"/las/999/support/{agreement.pk}/reviews/add")
    )
    assert (
        DeliveryEntry.objects.count(),
        AgreementObjective.objects.count(),
        AuditEntry.objects.count(),
    ) == counts


def test_stopping_then_reopening_returns_it_to_active_at_its_milestone(as_role, own) -> None:
    agreement = _to(own, "diagnosis")
    client = as_role("officer")
    client.post(f"/las/999/support/{agreement.pk}/stop", {"reason": "Academy conversion", "confirm": "yes"})
    assert SupportAgreement.objects.get(pk=agreement.pk).status == "stopped"
    assert "Enter the reason" in _main(client.post(f"/las/999/support/{agreement.pk}/reopen", {}))
    response = client.post(f"/las/999/support/{agreement.pk}/reopen", {"reason": "Conversion delayed"})
    assert response.status_code == 302  # no confirmation needed to reopen
    reopened = SupportAgreement.objects.get(pk=agreement.pk)
    assert (reopened.milestone, reopened.status) == ("diagnosis", "active")
    assert list(reopened.history.values_list("action", flat=True))[-2:] == ["stop", "reopen"]
    # reopening an active one is refused, in words
    again = client.post(f"/las/999/support/{agreement.pk}/reopen", {"reason": "x"})
    assert again.status_code == 400 and "It cannot be reopened" in _main(again)


# --- the plan, the delivery log, reviews --------------------------------------------------------------


def test_an_objective_needs_its_area_text_and_success_measure(as_role, own) -> None:
    agreement = _to(own, "agreed")
    client = as_role("officer")
    url = f"/las/999/support/{agreement.pk}/objectives/add"
    said = _main(client.post(url, {}))
    assert (
        "Choose the area of support" in said
        and "Enter the objective" in said
        and "Enter the success measure" in said
    )
    response = client.post(
        url,
        {
            "area": "maths",
            "text": "Fluency",
            "success_measure": "Times tables",
            **_date("target_on", dt.date(2026, 7, 17)),
        },
    )
    assert response.status_code == 302
    objective = AgreementObjective.objects.get()
    assert (objective.area, objective.text, objective.target_on) == ("maths", "Fluency", dt.date(2026, 7, 17))
    assert "17 July 2026" in _main(client.get(f"/las/999/support/{agreement.pk}"))


def test_an_objective_on_a_proposed_agreement_is_refused_in_words(as_role, own) -> None:
    page = _main(as_role("officer").get(f"/las/999/support/{own.pk}/objectives/add"))
    assert (
        "Objectives are added to the plan, changed or removed from agreed until the end of delivery" in page
    )
    assert 'name="text"' not in page


def test_a_delivery_needs_days_and_a_day_not_in_the_future(as_role, own) -> None:
    agreement = _to(own, "first_meeting")
    client = as_role("officer")
    url = f"/las/999/support/{agreement.pk}/deliveries/add"
    said = _main(client.post(url, {"days": "0"}))
    assert "at least a quarter of a day" in said and "Enter the day it was delivered" in said
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert "cannot be in the future" in _main(
        client.post(url, {"days": "1", **_date("delivered_on", tomorrow)})
    )
    assert "must be a real date" in _main(
        client.post(
            url,
            {"days": "1", "delivered_on-day": "31", "delivered_on-month": "2", "delivered_on-year": "2025"},
        )
    )
    assert DeliveryEntry.objects.count() == 0


def test_a_delivery_before_the_first_meeting_is_refused(as_role, own) -> None:
    response = as_role("officer").post(
        f"/las/999/support/{own.pk}/deliveries/add", {"days": "1", **_date("delivered_on", DAY)}
    )
    assert response.status_code == 400
    assert "Days delivered are recorded from the first meeting until the end of delivery" in _main(response)
    assert DeliveryEntry.objects.count() == 0


def test_a_review_needs_every_objective_s_progress_and_a_later_next_review(as_role, own) -> None:
    agreement = _to(own, "in_delivery")
    client = as_role("officer")
    url = f"/las/999/support/{agreement.pk}/reviews/add"
    page = _main(client.get(url))
    assert (
        "On track to meet its objectives" in page and "Not on track: its objectives will not be met" in page
    )
    assert "Objective 1: Phonics taught daily" in page
    said = _main(
        client.post(
            url,
            {
                **_date("reviewed_on", dt.date(2025, 12, 1)),
                "reviewer": "Ann",
                **_date("next_review_on", dt.date(2025, 11, 1)),
            },
        )
    )
    assert "Choose the overall progress" in said
    assert "Choose the progress of the objective \u201cObjective 1: Phonics taught daily\u201d" in said
    assert "The next review must be after the date of this review" in said
    assert SupportReview.objects.count() == 0


def test_a_review_before_delivery_is_refused_in_words(as_role, own) -> None:
    agreement = _to(own, "plan_agreed")
    response = as_role("officer").post(
        f"/las/999/support/{agreement.pk}/reviews/add",
        {**_date("reviewed_on", DAY), "reviewer": "Ann", "progress": "green"},
    )
    assert response.status_code == 400
    assert "Reviews are recorded only while the support is in delivery" in _main(response)
    assert SupportReview.objects.count() == 0


# --- the officers' home ----------------------------------------------------------------------------


def test_the_to_do_lists_reviews_due_stalled_agreements_and_unmatched_needs(users) -> None:
    today = dt.date(2026, 3, 1)
    due = _to(
        changes.create_agreement(
            999, OWN, "officer", days_planned=4, supporter_urn=OTHER, focus_areas=["maths"], on=DAY
        ),
        "in_delivery",
    )
    changes.record_review(
        due,
        "officer",
        reviewed_on=dt.date(2026, 1, 10),
        reviewer="Ann",
        progress="green",
        next_review_on=dt.date(2026, 3, 15),
    )
    later = _to(
        changes.create_agreement(
            999, TWIN, "officer", days_planned=4, supporter_urn=OTHER, focus_areas=["maths"], on=DAY
        ),
        "in_delivery",
    )
    changes.record_review(
        later,
        "officer",
        reviewed_on=dt.date(2026, 1, 10),
        reviewer="Ann",
        progress="green",
        next_review_on=dt.date(2026, 3, 16),
    )
    # proposed on 1 February: 28 days by 1 March, stalled (14 days at proposed); agreed on 10 February:
    # 19 days, not stalled (21 at agreed)
    stalled = changes.create_agreement(
        999,
        OTHER,
        "officer",
        days_planned=2,
        supporter_urn=TWIN,
        focus_areas=["maths"],
        on=dt.date(2026, 2, 1),
    )
    fresh = changes.create_agreement(
        999,
        OTHER,
        "officer",
        days_planned=2,
        supporter_urn=OWN,
        focus_areas=["maths"],
        on=dt.date(2026, 2, 1),
    )
    changes.advance(fresh, "agreed", "officer", on=dt.date(2026, 2, 10))
    for need_id, raised in (("N1", dt.date(2026, 1, 30)), ("N2", dt.date(2026, 1, 31))):
        brokerage_changes.save_need(
            "officer",
            999,
            {"need_id": need_id, "urn": TWIN, "area": "send", "urgency": 2, "days": 3.0, "raised_on": raised},
        )
    todo = support_todo.todo(999, today)
    # 15 March is 14 days after 1 March (due), 16 March is 15 (not yet)
    assert [(r["id"], r["due_on"], r["overdue"]) for r in todo["reviews_due"]] == [
        (due.pk, dt.date(2026, 3, 15), False)
    ]
    assert [(r["id"], r["milestone"], r["days"]) for r in todo["stalled"]] == [(stalled.pk, "proposed", 28)]
    # N1 raised 30 days before 1 March (unmatched after 30), N2 29 days
    assert [(n["need"], n["days"], n["area"]) for n in todo["needs_unmatched"]] == [
        ("N1", 30, "Special educational needs and disabilities (SEND)")
    ]
    assert later.pk not in [r["id"] for r in todo["reviews_due"]]


def test_the_to_do_limits_are_data_and_a_wrong_milestone_is_named() -> None:
    limits = support_todo.limits()
    assert (limits.review_due_within_days, limits.need_unmatched_after_days) == (14, 30)
    assert limits.review_interval_days == 91  # analysis/support_figures.toml's, the one source
    assert limits.stalled_after_days["proposed"] == 14 and "in_delivery" not in limits.stalled_after_days
    with pytest.raises(ValueError, match="'planning' is not a milestone"):
        support_todo.parse_limits("review_due_within_days = 1\n[stalled_after_days]\nplanning = 3\n")


def test_the_to_do_and_the_figures_agree_on_a_first_review_and_on_unmatched_needs(users) -> None:
    """One source (analysis/support_figures.toml): an agreement in delivery with no review yet is due
    one review interval (91 days) after it entered delivery, on the officers' to-do and on the
    timeliness figures alike; before the review the to-do never listed it."""
    from peerlift.store import support_figures as figures

    entered = dt.date(2025, 12, 1)  # + 91 days = 2 March 2026
    first = changes.create_agreement(
        999, OWN, "officer", days_planned=4, supporter_urn=OTHER, focus_areas=["maths"], on=DAY
    )
    for step in ("agreed", "first_meeting", "diagnosis"):
        first = changes.advance(first, step, "officer", on=DAY)
    changes.add_objective(first, "officer", area="maths", text="KS2 maths", success_measure="70%")
    first = changes.advance(first, "plan_agreed", "officer", on=DAY)
    first = changes.advance(first, "in_delivery", "officer", on=entered)
    todo = support_todo.todo(999, dt.date(2026, 2, 20))  # 2 March is 10 days ahead: due
    assert [(r["id"], r["due_on"], r["overdue"], r["first"]) for r in todo["reviews_due"]] == [
        (first.pk, dt.date(2026, 3, 2), False, True)
    ]
    assert support_todo.todo(999, dt.date(2026, 2, 15))["reviews_due"] == []  # 15 days ahead
    overdue = figures.timeliness(999, as_at=dt.date(2026, 3, 3))["overdue_reviews"]
    assert [(r["agreement"], r["due_on"], r["why"]) for r in overdue] == [
        (first.pk, dt.date(2026, 3, 2), "no_review_in_interval")
    ]
    assert [r["due_on"] for r in support_todo.todo(999, dt.date(2026, 3, 3))["reviews_due"]] == [
        dt.date(2026, 3, 2)
    ]


def test_the_officers_home_says_what_needs_doing_with_links(as_role, own) -> None:
    agreement = _to(own, "in_delivery")
    changes.record_review(
        agreement,
        "officer",
        reviewed_on=dt.date.today() - dt.timedelta(days=100),
        reviewer="Ann",
        progress="red",
        next_review_on=dt.date.today() - dt.timedelta(days=10),
    )
    page = _main(as_role("officer").get("/"))
    assert "Support agreements: what needs doing" in page
    assert f'href="/las/999/support/{agreement.pk}"' in page and "overdue" in page
    for role in ("member", "network_lead", "headteacher"):
        assert "what needs doing" not in _main(as_role(role).get("/"))


def test_the_terms_are_changed_from_what_they_are(as_role, own) -> None:
    client = as_role("officer")
    url = f"/las/999/support/{own.pk}/terms"
    page = _main(client.get(url))
    assert 'value="6"' in page and 'value="officer"' in page
    said = _main(
        client.post(
            url,
            {
                "days_planned": "0",
                **_date("start_on", dt.date(2026, 2, 1)),
                **_date("planned_end_on", dt.date(2026, 1, 1)),
            },
        )
    )
    assert (
        "at least half a day" in said
        and "The planned end date must be the same as or after the start date" in said
    )
    response = client.post(
        url,
        {"days_planned": "8", "cost": "900", "officer": "admin", **_date("start_on", dt.date(2026, 2, 1))},
    )
    assert response.status_code == 302
    changed = SupportAgreement.objects.get(pk=own.pk)
    assert (changed.days_planned, str(changed.cost), changed.officer, changed.start_on) == (
        8.0,
        "900.00",
        "admin",
        dt.date(2026, 2, 1),
    )
    assert AuditEntry.objects.filter(action="change agreement").count() == 1
    changes.stop(changed, "Moved away", "officer")
    assert "A stopped agreement cannot be changed until it is reopened" in _main(client.get(url))
    assert as_role("headteacher").get(url).status_code == 403


def test_an_accepted_proposal_on_the_brokerage_page_links_to_its_agreement(as_role, users) -> None:
    from peerlift.store.models import BrokerageRun

    for need_id in ("N1", "N2"):
        brokerage_changes.save_need(
            "officer",
            999,
            {"need_id": need_id, "urn": OWN, "area": "reading", "urgency": 3, "days": 4.0, "raised_on": DAY},
        )
    brokerage_changes.save_offer(
        "officer",
        999,
        {
            "offer_id": "O1",
            "supporter_urn": OTHER,
            "supporter_name": "",
            "kind": "school",
            "areas": ["reading"],
            "phases": [],
            "capacity_days": 10.0,
        },
    )
    proposals = [
        {
            "need": n,
            "offer": "O1",
            "supported_urn": OWN,
            "area": "reading",
            "days": 4.0,
            "score": 1.0,
            "reasons": [],
            "alternatives": [],
            "supporter_name": "",
            "supporter_urn": OTHER,
        }
        for n in ("N1", "N2")
    ]
    run = BrokerageRun.objects.create(
        la_code=999, run_by="officer", result={"proposals": proposals, "unmet": []}
    )
    client = as_role("officer")
    response = client.post(f"/las/999/brokerage/runs/{run.pk}/accept", {"need": "N1"})
    assert response.status_code == 302
    made = SupportAgreement.objects.get()
    table = _main(client.get("/las/999/brokerage")).split('id="table-proposals"')[1].split("</table>")[0]
    assert f'<a class="govuk-link" href="/las/999/support/{made.pk}">Accepted</a>' in table
    assert table.count(">Proposed<") == 1  # N2, not accepted: no link


def test_only_the_supported_head_rates_the_quality_of_support(as_role, users) -> None:
    """The head of the supporting school (OWN supports TWIN) records a review's progress, but the
    quality of support is the supported head's: the form has no quality field for them, and a
    quality posted anyway is refused in words, with nothing written."""
    made = _to(
        changes.create_agreement(
            999, TWIN, "officer", days_planned=2, supporter_urn=OWN, focus_areas=["maths"], on=DAY
        ),
        "in_delivery",
    )
    objective = made.objectives.get()
    client = as_role("headteacher")  # the head of OWN: the supporter here
    form = _main(client.get(f"/las/999/support/{made.pk}/reviews/add"))
    assert 'name="quality"' not in form
    assert "The head of the supported school rates the quality of support" in form
    posted = {
        **_date("reviewed_on", dt.date(2025, 12, 1)),
        "reviewer": "Supporting head",
        "progress": "amber",
        f"objective_{objective.pk}": "amber",
    }
    refused = client.post(f"/las/999/support/{made.pk}/reviews/add", {**posted, "quality": "4"})
    assert refused.status_code == 400
    assert "Only the head of the supported school rates the quality of support" in _main(refused)
    assert not SupportReview.objects.exists()
    assert client.post(f"/las/999/support/{made.pk}/reviews/add", posted).status_code == 302
    assert list(SupportReview.objects.values_list("progress", "quality")) == [("amber", None)]


def test_the_changes_refuse_a_quality_from_a_head_not_of_the_supported_school(users) -> None:
    made = _to(
        changes.create_agreement(
            999, TWIN, "officer", days_planned=2, supporter_urn=OWN, focus_areas=["maths"], on=DAY
        ),
        "in_delivery",
    )
    on = dt.date(2025, 12, 1)
    with pytest.raises(changes.SupportError, match="only the head of the supported school"):
        changes.record_review(made, "h", reviewed_on=on, reviewer="r", progress="red", quality=2, head_of=OWN)
    assert not SupportReview.objects.exists()
    changes.record_review(made, "h", reviewed_on=on, reviewer="r", progress="red", head_of=OWN)
    changes.record_review(made, "t", reviewed_on=on, reviewer="r", progress="red", quality=2, head_of=TWIN)
    changes.record_review(made, "officer", reviewed_on=on, reviewer="r", progress="red", quality=3)
    assert list(SupportReview.objects.order_by("id").values_list("quality", flat=True)) == [None, 2, 3]


def test_an_officer_changes_and_removes_an_objective_from_the_agreement_page(as_role, own) -> None:
    agreement = _to(own, "in_delivery")
    first = agreement.objectives.get()
    second = changes.add_objective(agreement, "officer", area="maths", text="Fluency", success_measure="MTC")
    client = as_role("officer")
    page = _main(client.get(f"/las/999/support/{agreement.pk}"))
    change_url = f"/las/999/support/{agreement.pk}/objectives/{second.pk}/change"
    remove_url = f"/las/999/support/{agreement.pk}/objectives/{second.pk}/remove"
    assert change_url in page and remove_url in page
    form = _main(client.get(change_url))
    assert "Change objective 2 of agreement" in form and ">Fluency</textarea>" in form
    assert client.post(change_url, {"area": "maths", "text": "", "success_measure": "MTC"}).status_code == 400
    response = client.post(
        change_url,
        {
            "area": "maths",
            "text": "Times tables fluency",
            "success_measure": "MTC 22",
            **_date("target_on", dt.date(2026, 6, 30)),
        },
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.text, second.success_measure, second.target_on) == (
        "Times tables fluency",
        "MTC 22",
        dt.date(2026, 6, 30),
    )
    confirm = _main(client.get(remove_url))
    assert "Remove objective 2 from agreement" in confirm and "30 June 2026" in confirm
    assert AgreementObjective.objects.filter(pk=second.pk).exists()  # a GET removes nothing
    assert client.post(remove_url).status_code == 302
    assert list(agreement.objectives.values_list("pk", flat=True)) == [first.pk]
    refused = client.post(f"/las/999/support/{agreement.pk}/objectives/{first.pk}/remove")
    assert refused.status_code == 400 and "only objective" in _main(refused)
    assert as_role("headteacher").get(change_url.replace(str(second.pk), str(first.pk))).status_code == 403
    changes.pause(agreement, "head on leave", "officer", on=DAY)
    blocked = _main(client.get(f"/las/999/support/{agreement.pk}/objectives/{first.pk}/change"))
    assert (
        "A paused agreement cannot be changed until it is reopened" in blocked
        and 'name="text"' not in blocked
    )
    assert f"/objectives/{first.pk}/change" not in _main(client.get(f"/las/999/support/{agreement.pk}"))
    assert client.get(f"/las/999/support/{agreement.pk}/objectives/99999/change").status_code == 404


def test_the_agreement_page_says_when_the_next_review_is_due_and_names_the_la(as_role, own) -> None:
    """In delivery on 1 September 2025 with no review: the first review is due one interval (91
    days) later, 1 December 2025, by the figures' rule; the breadcrumbs name the LA, not its code."""
    from peerlift.store import support as reads
    from peerlift.web.views.support.words import review_due_words

    agreement = _to(own, "in_delivery")
    page = _main(as_role("officer").get(f"/las/999/support/{agreement.pk}"))
    assert "Next review due: 1 December 2025 (the first review): overdue by" in page
    detail = reads.agreement_detail(agreement.pk)
    assert review_due_words(detail, dt.date(2025, 11, 30)) == "1 December 2025 (the first review)"
    assert (
        review_due_words(detail, dt.date(2025, 12, 3))
        == "1 December 2025 (the first review): overdue by 2 days"
    )
    changes.record_review(
        agreement, "officer", reviewed_on=dt.date(2025, 10, 1), reviewer="Ann", progress="green",
        next_review_on=dt.date(2025, 11, 20),
    )  # fmt: skip
    detail = reads.agreement_detail(agreement.pk)
    assert review_due_words(detail, dt.date(2025, 11, 21)) == "20 November 2025: overdue by 1 day"
    html = as_role("headteacher").get(f"/las/999/support/{agreement.pk}").content.decode()
    breadcrumbs = html.split('class="govuk-breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert ">LA 999<" not in breadcrumbs


def test_the_lead_supporter_its_kind_and_offer_are_said_once_each(as_role, users) -> None:
    """The walk found 'Dr Helen Okafor (NLE) (National leader of education (NLE)), offer DEMO-O4'."""
    made = changes.create_agreement(
        999, OWN, "officer", days_planned=2, supporter_name="Dr Ann Lee (NLE)", supporter_kind="nle", on=DAY
    )
    page = _main(as_role("officer").get(f"/las/999/support/{made.pk}"))
    rows = dict(
        (key.strip(), value.split("</span>")[0].split(">")[-1].strip())
        for key, value in (
            part.split('</dt><dd class="govuk-summary-list__value">', 1)
            for part in page.split('<dt class="govuk-summary-list__key">')[1:]
            if "</dt><dd" in part
        )
    )
    assert rows["Lead supporter"] == "Dr Ann Lee (NLE)"
    assert rows["Kind of supporter"] == "National leader of education (NLE)"
    assert rows["Offer"] == "None: named by hand"


def test_a_head_s_list_names_the_la_and_has_no_officers_filters(as_role, own) -> None:
    """The walk found a head's list with the officers' filters (by officer, of their one agreement)
    and breadcrumbs saying 'LA 999'."""
    html = as_role("headteacher").get("/las/999/support").content.decode()
    assert 'id="officer"' not in html and ">LA 999<" not in html
    assert f"Agreement {own.pk}" in _main(as_role("headteacher").get("/las/999/support"))
    assert 'id="officer"' in as_role("officer").get("/las/999/support").content.decode()


def test_a_closed_agreement_says_closed_and_expects_no_next_review(as_role, own) -> None:
    """The walk found a closed agreement tagged 'Active' with its last review's next review date."""
    agreement = _to(own, "in_delivery")
    changes.record_review(
        agreement, "officer", reviewed_on=dt.date(2025, 12, 1), reviewer="Ann", progress="green",
        next_review_on=dt.date(2026, 3, 1),
    )  # fmt: skip
    changes.advance(agreement, "closed", "officer", on=dt.date(2025, 12, 2), outcome="met")
    page = _main(as_role("officer").get(f"/las/999/support/{agreement.pk}"))
    read_only = page.split('id="read-only"', 1)[1].split("</div>", 1)[0]
    assert ">Closed</strong>" in read_only and "Active" not in read_only
    latest = page.split('id="latest-review"', 1)[1].split("</dl>", 1)[0]
    assert "None: the agreement is closed" in latest and "1 March 2026" not in latest


def test_an_objective_that_must_stay_has_no_remove_link_and_its_page_says_why(as_role, own) -> None:
    """The walk found a rated objective offered for removal, refused only after the confirmation."""
    agreement = _to(own, "in_delivery")
    rated = agreement.objectives.get()
    spare = changes.add_objective(agreement, "officer", area="maths", text="Fluency", success_measure="MTC")
    changes.record_review(
        agreement, "officer", reviewed_on=dt.date(2025, 12, 1), reviewer="Ann", progress="green",
        objective_progress={rated.pk: "green"},
    )  # fmt: skip
    client = as_role("officer")
    page = _main(client.get(f"/las/999/support/{agreement.pk}"))
    assert f"/objectives/{rated.pk}/remove" not in page and f"/objectives/{spare.pk}/remove" in page
    assert f"/objectives/{rated.pk}/change" in page
    said = _main(client.get(f"/las/999/support/{agreement.pk}/objectives/{rated.pk}/remove"))
    assert "has been rated in a review, so it stays in the plan: change it instead" in said
    assert "Remove the objective</button>" not in said
