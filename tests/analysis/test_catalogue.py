"""The measure catalogue's themes and units: rules from themes.toml, checked with messages that name
the theme and key; measures put in themes by the dictionary's own Topic, labels and names."""

from __future__ import annotations

import polars as pl
import pytest

from peerlift.analysis import catalogue
from peerlift.analysis.compare import members_frame, region_members


def _definition(measure: str, label: str, topic: str, axis: str = "") -> dict[str, str]:
    return {"measure": measure, "label": label, "topic": topic, "axis": axis, "source_code": measure}


def test_themes_by_topic_label_and_name() -> None:
    found = catalogue.entries(
        [
            _definition(
                "PriPA", "Primary Persistent Absence", "All Pupil Absence & Exclusions", "% of pupils"
            ),
            _definition("PriSus", "Primary Suspensions", "All Pupil Absence & Exclusions", "Rate per 100"),
            _definition("SENFinance", "SEN weekly unit costs", "Children's Service Finance", "Unit Cost"),
            _definition("Odd", "Something new", "A topic nobody knows"),
        ],
        {"PriPA": 2024},
    )
    by = {e.measure: e for e in found}
    assert (by["PriPA"].theme, by["PriPA"].unit, by["PriPA"].latest_year) == ("attendance", "%", 2024)
    assert (by["PriSus"].theme, by["PriSus"].unit) == ("exclusions", "rate")
    assert (by["SENFinance"].theme, by["SENFinance"].unit) == ("finance", "£")
    assert by["Odd"].theme == "other" and by["Odd"].latest_year is None
    # peerlift's own measures by their names, with the domain's unit
    assert (by["attainment8"].theme, by["attainment8"].unit) == ("ks4", "score")
    assert by["overall_absence_pct"].theme == "attendance"


def test_search_needs_every_word() -> None:
    found = catalogue.entries([_definition("PriPA", "Primary Persistent Absence", "x")], {})
    assert [e.measure for e in catalogue.search(found, "persistent, PRIMARY")] == ["PriPA"]
    assert catalogue.search(found, "persistent secondary") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[theme]]\nkey = "a"\ntitle = "A"\npublication = "P"\ncolour = "red"\nrest = true\n',
            "theme 1 (a): unknown key 'colour'",
        ),
        (
            '[[theme]]\nkey = "a"\ntitle = "A"\npublication = "P"\nrules = [{ label = "(" }]\nrest = true\n',
            "theme 1 (a).rules[1].label: '(' is not a regular expression",
        ),
        ('[[theme]]\nkey = "a"\ntitle = "A"\npublication = "P"\n', "exactly one theme must have rest = true"),
        ('[[theme]]\nkey = "a"\npublication = "P"\nrest = true\n', "theme 1 (a): title is missing"),
    ],
)
def test_a_broken_themes_file_names_the_theme_and_key(text: str, message: str) -> None:
    with pytest.raises(
        catalogue.ThemeError,
        match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[").replace("]", r"\]"),
    ):
        catalogue.parse(text, "themes.toml")


def test_the_package_themes_file_is_valid() -> None:
    assert catalogue.themes().themes[0].key == "early-years"


def test_region_members_count_inner_and_outer_london_as_london() -> None:
    authorities = pl.DataFrame(
        {
            "la_code": [202, 302, 331, 330],
            "region_code": ["E13000001", "E13000002", "E12000005", "E12000005"],
            "region": ["Inner London", "Outer London", "West Midlands", "West Midlands"],
        }
    )
    assert region_members(authorities, 202) == ("London", [302])
    assert region_members(authorities, 331) == ("West Midlands", [330])
    frame = members_frame(331, [330, 331, 330], "region")
    assert frame.select("la_code", "neighbour_code").rows() == [(331, 330)]  # itself and repeats left out
