"""Stored brokerage casework on the real Hampshire GIAS extract: needs and offers uploaded from the
templates, each change audited; ``peerlift broker --la`` without files brokers what is stored; an
accepted proposal records who and when, matches the need and uses the supporter's days."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_runner import run
from test_cli_broker import GIAS, NEEDS, OFFERS

from peerlift.brokerage import templates
from peerlift.store.models import AcceptedMatch, BrokerageNeed
from peerlift.web import brokerage_changes as changes
from peerlift.web.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)


def _upload(tmp_path: Path) -> None:
    (tmp_path / "needs.csv").write_text(NEEDS, encoding="utf-8")
    templates.write(tmp_path / "offers.xlsx", templates.OFFER_COLUMNS, _rows(OFFERS))
    changes.upload_needs("officer", 850, tmp_path / "needs.csv")
    changes.upload_offers("officer", 850, tmp_path / "offers.xlsx")


def _rows(text: str) -> list[list[str]]:
    return [list(r.values()) for r in csv.DictReader(io.StringIO(text))]


def test_stored_needs_and_offers_are_brokered_audited_and_accepted(shared_data: Path, tmp_path: Path) -> None:
    code, _, err = run("import", str(shared_data / GIAS))
    assert code == 0, err
    _upload(tmp_path)
    logged = list(AuditEntry.objects.filter(la_code=850).values_list("actor", "action", "object_type"))
    assert logged.count(("officer", "save need", "support need")) == 3
    assert logged.count(("officer", "save offer", "support offer")) == 3

    code, out, err = run("broker", "--la", "850", "--format", "json")
    assert code == 0, err
    from_store = json.loads(out)
    (tmp_path / "offers.csv").write_text(OFFERS.replace("\\\n", ""), encoding="utf-8")
    code, out, err = run(
        "broker",
        "--la",
        "850",
        "--needs",
        str(tmp_path / "needs.csv"),
        "--offers",
        str(tmp_path / "offers.csv"),
    )
    assert code == 0, err
    assert from_store["proposals"] == json.loads(out)["proposals"]

    made = changes.run("officer", 850)
    assert [(p["need"], p["offer"]) for p in made.result["proposals"]] == [("N1", "O1"), ("N2", "O2")]
    match = changes.accept("head of service", made, "N1")
    assert (match.accepted_by, match.offer.offer_id, match.need.status) == (
        "head of service",
        "O1",
        "matched",
    )
    assert AcceptedMatch.objects.get().accepted_at is not None
    assert AuditEntry.objects.filter(action="accept match", actor="head of service").count() == 1

    # N1 is matched: the next run brokers N2 and N3 only, and O1 has 4 - 4 = 0 days left
    code, out, err = run("broker", "--la", "850", "--format", "json", "--explain")
    assert code == 0, err
    again = json.loads(out)
    assert again["needs"] == 2
    assert all(c["offer"] != "O1" for c in again["candidates"])

    need = BrokerageNeed.objects.get(need_id="N3")
    changes.set_status("officer", need, "withdrawn")
    code, out, err = run("broker", "--la", "850", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["needs"] == 1
