"""A data pack for a real Hampshire primary shows the figures of the published files.

The register holds the real GIAS download of 20 April 2022 (Hampshire and Surrey), Hampshire's KS2
results of 2016/17, 2017/18 and 2018/19, and the national school census of the 2018-19 tables (so the
school has a family). Every expected figure is read from the KS2 CSVs here with the csv module, and
medians, ranks and gaps are worked out by hand from those values, never from the pack's code.
"""

from __future__ import annotations

import csv
import io
import statistics
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from PIL import Image

from peerlift.reports import datapack, render
from peerlift.store.imports import import_file

pytestmark = pytest.mark.django_db


SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
URN = 115852  # Balksbury Junior School, Andover
FOLDER = SHARED_DATA / "performance_tables" / "la_850_hampshire_936_surrey"
KS2 = {2017: "2016-850-ks2.csv", 2018: "2017-850-ks2.csv", 2019: "2018-850-ks2.csv"}
CENSUS = SHARED_DATA / "performance_tables" / "england_2018-19" / "england_census.csv"


def _rows(year: int) -> list[dict[str, str]]:
    with (FOLDER / KS2[year]).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> float | None:
    text = text.strip().rstrip("%")
    try:
        return float(text)
    except ValueError:
        return None  # SUPP, NE, LOWCOV, blank...


def _school(year: int, urn: int = URN) -> dict[str, str]:
    return next(r for r in _rows(year) if r["URN"] == str(urn))


def _england(year: int) -> dict[str, str]:
    return next(r for r in _rows(year) if r["RECTYPE"] == "5")  # state-funded schools, England


@pytest.fixture(scope="module")
def pack(django_db_setup: None, django_db_blocker: Any) -> Iterator[datapack.Pack]:
    if not SHARED_DATA.exists():
        pytest.skip("the shared data folder is not beside the repository")
    with django_db_blocker.unblock():
        import_file(SHARED_DATA / "gias" / "20220420_gias.csv", user="tests")
        for name in KS2.values():
            import_file(FOLDER / name, user="tests")
        import_file(CENSUS, year=2019, user="tests")
        yield datapack.build(URN)
        for model in reversed(list(apps.get_app_config("store").get_models())):
            model.objects.all().delete()


def _row(table: datapack.Table, **match: Any) -> dict[str, Any]:
    return next(r for r in table.rows if all(r.get(k) == v for k, v in match.items()))


def test_headline_figures_are_the_file_s(pack: datapack.Pack) -> None:
    school, england = _school(2019), _england(2019)
    assert pack.name == "Balksbury Junior School" and pack.year == 2019
    headline = pack.table("headline")
    rwm = _row(headline, measure="ks2_rwm_expected")
    assert rwm["school"] == _number(school["PTRWM_EXP"]) == 59.0
    assert rwm["england"] == _number(england["PTRWM_EXP"])
    reading = _row(headline, measure="ks2_reading_progress")
    assert (reading["school"], reading["lower_ci"], reading["upper_ci"]) == (-3.6, -4.8, -2.3)
    assert reading["england"] == _number(england["READPROG"])
    high = _row(headline, measure="ks2_rwm_high")
    assert high["school"] == _number(school["PTRWM_HIGH"])


def test_family_median_quartiles_and_rank_from_the_file(pack: datapack.Pack) -> None:
    assert pack.family is not None, pack.family_note
    members = {m["urn"] for m in pack.family["members"]}
    assert URN not in members and len(members) == 30
    values = sorted(
        v
        for r in _rows(2019)
        if r["URN"].isdigit() and int(r["URN"]) in members
        if (v := _number(r["PTRWM_EXP"])) is not None
    )
    rwm = _row(pack.table("headline"), measure="ks2_rwm_expected")
    assert rwm["family_count"] == len(values)
    assert rwm["family_median"] == round(statistics.median(values), 2)
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    assert (rwm["family_q1"], rwm["family_q3"]) == (round(q1, 2), round(q3, 2))
    assert rwm["rank"] == 1 + sum(1 for v in values if v > 59.0)
    assert rwm["rank_of"] == len(values) + 1
    # only Hampshire's KS2 file is loaded: the Surrey members have no figure, and the row says so
    if len(values) < 24:
        assert f"partial: {len(values)} of 30 family members have a figure" in rwm["note"]


def test_trend_holds_each_year_of_the_files(pack: datapack.Pack) -> None:
    trend = pack.table("trend")
    mine = _row(trend, measure="ks2_rwm_expected", series="This school")
    ours = _row(trend, measure="ks2_rwm_expected", series="England")
    for year in KS2:
        assert mine[str(year)] == _number(_school(year)["PTRWM_EXP"])
        assert ours[str(year)] == _number(_england(year)["PTRWM_EXP"])


def test_disadvantaged_gap_school_family_england(pack: datapack.Pack) -> None:
    school, england = _school(2019), _england(2019)
    gap = _row(pack.table("disadvantage"), measure="ks2_rwm_expected")
    assert (gap["school_group"], gap["school_others"], gap["school_gap"]) == (33.0, 64.0, -31.0)
    assert gap["england_gap"] == round(
        _number(england["PTRWM_EXP_FSM6CLA1A"]) - _number(england["PTRWM_EXP_NotFSM6CLA1A"]),  # type: ignore[operator]
        2,
    )
    members = {m["urn"] for m in pack.family["members"]}  # type: ignore[index]
    gaps = [
        a - b
        for r in _rows(2019)
        if r["URN"].isdigit() and int(r["URN"]) in members
        if (a := _number(r["PTRWM_EXP_FSM6CLA1A"])) is not None
        and (b := _number(r["PTRWM_EXP_NotFSM6CLA1A"])) is not None
    ]
    assert gap["family_gap_median"] == round(statistics.median(gaps), 2)
    assert school["PTRWM_EXP_FSM6CLA1A"] == "33%"


def test_schools_like_yours_that_do_better_nearest_first(pack: datapack.Pack) -> None:
    members = [m["urn"] for m in pack.family["members"]]  # type: ignore[index]
    by_urn = {int(r["URN"]): r for r in _rows(2019) if r["URN"].isdigit()}
    expected = [
        u for u in members if u in by_urn and (v := _number(by_urn[u]["READPROG"])) is not None and v > -3.6
    ]
    better = [r for r in pack.table("do-better").rows if r["measure"] == "ks2_reading_progress"]
    assert [r["urn"] for r in better] == expected  # most similar first
    for row in better:
        theirs = by_urn[row["urn"]]
        assert row["by"] == round(_number(theirs["READPROG"]) + 3.6, 2)  # type: ignore[operator]
        lower = _number(theirs["READPROG_LOWER"])
        beyond = lower is not None and lower > -2.3  # their lower limit above our upper limit
        assert row["beyond_intervals"].startswith(
            "yes" if beyond else ("no" if lower is not None else "intervals")
        )


def test_pdf_page_renders_and_is_not_blank(pack: datapack.Pack, tmp_path: Path) -> None:
    body = render.pdf(pack)
    assert body.startswith(b"%PDF")
    (tmp_path / "pack.pdf").write_bytes(body)
    pdf = str(tmp_path / "pack.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "2", pdf, str(tmp_path / "page")], check=True
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    for png in pages:
        grey = Image.open(png).convert("L")
        dark = sum(count for level, count in enumerate(grey.histogram()) if level < 128)
        assert dark > 0.005 * grey.width * grey.height, f"{png.name} is (nearly) blank"
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True)
    assert "pts (A4)" in info.stdout
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "Contents" in text and "Page 1 of" in text and "Balksbury Junior School" in text


def test_xlsx_has_a_sheet_per_table_with_numbers_as_numbers(pack: datapack.Pack) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render.xlsx(pack)))
    assert book.sheetnames == ["About", "contents", *(t.name for t in pack.tables)]
    sheet = book["headline"]
    header = [c.value for c in sheet[1]]
    rwm = next(row for row in sheet.iter_rows(min_row=2) if row[0].value.startswith("KS2 % expected"))
    cell = rwm[header.index("School")]
    assert cell.data_type == "n" and cell.value == 59


def test_html_shows_the_figures_and_charts(pack: datapack.Pack) -> None:
    page = render.html(pack)
    assert "Balksbury Junior School" in page and "data:image/svg+xml;base64," in page
    assert "Schools like yours that do better" in page and "Inspection history" in page


def test_an_la_run_s_family_in_one_pass_is_the_school_s_own(pack: datapack.Pack) -> None:
    from peerlift.store import families

    neighbour = 115850  # Alton Infant School: another Hampshire primary, read in the same pass
    rows = families.families_for([URN, neighbour])
    assert rows[URN]["members"] and not rows[URN]["problem"]
    batched = datapack.build(URN, family=rows[URN])
    assert batched.family is not None and pack.family is not None
    assert [m["urn"] for m in batched.family["members"]] == [m["urn"] for m in pack.family["members"]]
    assert batched.family_note == pack.family_note


def test_a_family_problem_from_the_batch_is_said_in_the_pack(pack: datapack.Pack) -> None:
    lonely = datapack.build(URN, family={"problem": "no census year is held"})
    assert lonely.family is None
    assert lonely.family_note == "This school has no family of similar schools: no census year is held"


def test_the_workbook_s_about_sheet_names_its_sources_and_date_in_words(pack: datapack.Pack) -> None:
    import re

    book = openpyxl.load_workbook(io.BytesIO(render.xlsx(pack)))
    lines = list(book["About"].iter_rows(min_row=2, max_col=2, values_only=True))
    sources = " ".join(v for k, v in lines if k == "Source")
    assert (
        "Get Information about Schools" in sources and "Ofsted" in sources and "performance tables" in sources
    )
    stands_on = [v for k, v in lines if k == "What the figures stand on"]
    assert stands_on[:2] == ["Results of 2018/19.", pack.family_note]
    [made] = [v for k, v in lines if k == "Made"]
    day = pack.made_at.date()
    assert made == f"{day.day} {day:%B} {day.year} by peerlift"
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", str(v)) for _, v in lines)
