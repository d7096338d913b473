"""Needs proposed from stored data: the latest inspection's judgements (the hand-made Ofsted file of
March 2025), and categories and concerns of Hampshire schools (GIAS 20 April 2022), stored as
proposals with their evidence, audited, and not proposed twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cli_runner import run
from shared import REPO
from test_cli_broker import ALTON_INFANT, ANSTEY, GIAS

from peerlift.brokerage import register
from peerlift.store import concerns
from peerlift.store.categories import record_override
from peerlift.store.models import BrokerageNeed
from peerlift.web import brokerage_changes as changes
from peerlift.web.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)
MI = REPO / "tests/data/ofsted/mi_as_at_31_march_2025_handmade.csv"


def test_latest_inspection_judgements_as_the_file_gives_them() -> None:
    code, _, err = run("import", str(MI))
    assert code == 0, err
    found = {(j.area, j.grade) for j in register.latest_judgements([300002])}
    # the file's row for 300002, inspection 10350001 of 15/01/2025: QoE 4, behaviour 3, personal
    # development 3, leadership 4
    assert {
        ("quality_of_education", "4"),
        ("behaviour_and_attitudes", "3"),
        ("personal_development", "3"),
        ("leadership_and_management", "4"),
    } <= found
    assert {j.start_date for j in register.latest_judgements([300002])} == {dt.date(2025, 1, 15)}


def test_categories_and_concerns_are_proposed_once_with_evidence(shared_data: Path) -> None:
    code, _, err = run("import", str(shared_data / GIAS))
    assert code == 0, err
    record_override(
        ANSTEY, 850, 4, rationale="t", discussed_on=None, effective_on=dt.date(2020, 1, 1), by="t"
    )
    concerns.add(ALTON_INFANT, 850, "governance", dt.date(2026, 1, 9), "board vacancies", "officer")
    made = changes.propose("officer", 850)
    assert {(n.urn, n.area, n.urgency, n.status) for n in made} == {
        (ANSTEY, "leadership", 3, "proposed"),
        (ALTON_INFANT, "governance", 2, "proposed"),
    }
    need = BrokerageNeed.objects.get(urn=ALTON_INFANT)
    assert need.evidence == ["open concern (Governance) raised on 9 January 2026: board vacancies"]
    assert AuditEntry.objects.filter(object_type="support need", action="save need").count() == 2
    assert changes.propose("officer", 850) == []
    # a proposal is not brokered until an officer accepts it
    code, out, err = run("broker", "--la", "850", "--format", "json")
    assert code == 0, err
    assert '"needs": 0' in out
