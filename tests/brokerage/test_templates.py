"""The needs, offers and pins templates: written and read back unchanged, and bad cells named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from peerlift.brokerage import templates
from peerlift.brokerage.model import Area, Need, Offer, OfferKind, Rule, RuleKind
from peerlift.sources.errors import SourceError

NEEDS = [
    Need(
        "N1", 103860, Area.READING, 3, 4.5, dt.date(2026, 2, 1), "A. Officer", "KS2 reading 48%, row 2", row=2
    ),
    Need("N2", 103861, Area.EARLY_YEARS, 1, 2, None, "", "", row=3),
]
OFFERS = [
    Offer(
        "O1",
        103900,
        "",
        OfferKind.SCHOOL,
        frozenset({Area.READING, Area.MATHS}),
        frozenset({"primary"}),
        10,
        15.0,
        "North hub",
        frozenset({103861, 103862}),
        row=2,
    ),
    Offer(
        "O2", None, "Jo Bloggs NLE", OfferKind.NLE, frozenset({Area.LEADERSHIP}), frozenset(), 6, None, row=3
    ),
]
RULES = [Rule("N1", "O1", RuleKind.PIN, row=2), Rule("N2", "O2", RuleKind.EXCLUDE, row=3)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_templates_round_trip(tmp_path: Path, suffix: str) -> None:
    needs, offers, rules = (tmp_path / f"{name}{suffix}" for name in ("needs", "offers", "pins"))
    templates.write(needs, templates.NEED_COLUMNS, map(templates.need_row, NEEDS))
    templates.write(offers, templates.OFFER_COLUMNS, map(templates.offer_row, OFFERS))
    templates.write(rules, templates.RULE_COLUMNS, map(templates.rule_row, RULES))
    assert templates.read_needs(needs) == NEEDS
    assert templates.read_offers(offers) == OFFERS
    assert templates.read_rules(rules) == RULES


def _error(tmp_path: Path, kind: str, text: str) -> SourceError:
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    read = {"needs": templates.read_needs, "offers": templates.read_offers, "pins": templates.read_rules}[
        kind
    ]
    with pytest.raises(SourceError) as raised:
        read(path)
    return raised.value


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            "needs",
            "need_id,urn,area,urgency,days\nN1,103860,reading,3,4\nN2,10386x,maths,1,2\n",
            "needs.csv, row 3, column 'urn': '10386x' is not a URN (a URN is a whole number such as 103860)",
        ),
        (
            "needs",
            "need_id,urn,area,urgency,days\nN1,103860,spelling,3,4\n",
            "needs.csv, row 2, column 'area': 'spelling' is not an area; use one of behaviour_attendance, "
            "curriculum, early_years, finance, governance, inclusion, leadership, maths, reading, "
            "safeguarding, send, writing",
        ),
        (
            "needs",
            "need_id,urn,area,urgency,days\nN1,103860,maths,5,4\n",
            "needs.csv, row 2, column 'urgency': '5' is not an urgency; use one of 1, 2, 3",
        ),
        (
            "needs",
            "need_id,urn,area,urgency,days\nN1,103860,maths,1,4\nN1,103861,maths,1,4\n",
            "needs.csv, row 3, column 'need_id': 'N1' is already the need of row 2",
        ),
        (
            "needs",
            "need_id,urn,area,urgency,days,raised_on\nN1,103860,maths,1,4,31/02/2026\n",
            "needs.csv, row 2, column 'raised_on': '31/02/2026' is not a date; "
            "write it as 2026-02-01 or 01/02/2026",
        ),
        (
            "needs",
            "need_id,urn,area,urgency\nN1,103860,maths,1\n",
            "needs.csv, row 1: the needs template's column 'days' is missing",
        ),
        (
            "needs",
            "need_id,urn,area,urgency,days,colour\nN1,103860,maths,1,2,red\n",
            "needs.csv, row 1: column 'colour' is not in the needs template "
            "(its columns: need_id, urn, area, urgency, days, raised_on, raised_by, notes)",
        ),
        (
            "needs",
            'need_id,urn,area,urgency,days,notes\nN1,103860,maths,1,2,=HYPERLINK("x")\n',
            "needs.csv, row 2, column 'notes': this cell is a spreadsheet formula; "
            "peerlift does not read formulas",
        ),
        (
            "offers",
            "offer_id,supporter_urn,kind,areas,capacity_days\nO1,,school,maths,4\n",
            "offers.csv, row 2, column 'supporter_urn': a school's offer needs the school's URN",
        ),
        (
            "offers",
            "offer_id,supporter_urn,kind,areas,phases,capacity_days\nO1,1,school,maths,infant,4\n",
            "offers.csv, row 2, column 'phases': 'infant' is not a phase; use 16_plus, all_through, "
            "middle_deemed_primary, middle_deemed_secondary, not_applicable, nursery, other, primary, "
            "pru_ap, secondary, special",
        ),
        (
            "offers",
            "offer_id,supporter_urn,kind,areas,capacity_days\nO1,1,school,maths,-4\n",
            "offers.csv, row 2, column 'capacity_days': '-4' should be 0 or more",
        ),
        (
            "offers",
            "offer_id,supporter_urn,kind,areas,capacity_days,conflicts\nO1,1,school,maths,4,12;ab\n",
            "offers.csv, row 2, column 'conflicts': 'ab' is not a URN; "
            "list the URNs of the schools, separated by ;",
        ),
        (
            "pins",
            "need_id,offer_id,rule\nN1,O1,force\n",
            "pins.csv, row 2, column 'rule': 'force' is not a rule; use one of exclude, pin",
        ),
    ],
)
def test_bad_cells_are_named_by_file_row_and_column(
    tmp_path: Path, kind: str, text: str, expected: str
) -> None:
    assert str(_error(tmp_path, kind, text)) == expected
