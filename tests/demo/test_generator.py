"""The synthetic data generator: real layouts and byte conventions, consistency, determinism, sizes.

Headers are compared with the real files in ../shared/data (skipped with a message when absent);
expected byte conventions were read from those files with Python (BOM, CRLF, encoding).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from shared import SHARED_DATA

from peerlift.demo import generate
from peerlift.sources import registry

TABLES = SHARED_DATA / "performance_tables"

REAL = {
    "gias": SHARED_DATA / "gias" / "edubasealldata20181029_20.csv",
    "links": SHARED_DATA / "gias" / "links_edubasealldata20250422.csv",
    "mi": SHARED_DATA / "ofsted" / "ofsted_mi_2026_report_cards_first_rows.csv",
    "ofsted_xlsx": SHARED_DATA / "ofsted" / "england_ofsted-schools.xlsx",
    "ks2": TABLES / "la_850_hampshire_936_surrey" / "2018-850-ks2.csv",
    "ks4": TABLES / "la_850_hampshire_936_surrey" / "2017-2018_850_ks4final.csv",
    "census": TABLES / "england_2018-19" / "england_census.csv",
    "absence": TABLES / "england_2018-19" / "england_abs.csv",
    "lait": SHARED_DATA / "la_stats" / "lait_20241115" / "bds_long_0.parquet",
    "dictionary": SHARED_DATA / "la_stats" / "lait_current_metadata" / "lait_data_dictionary.csv",
    "sn": SHARED_DATA / "la_stats" / "lait_current_metadata" / "sn_april_2021.xlsx",
    "la_codes": SHARED_DATA / "la_stats" / "lait_current_metadata" / "la_code_list.xlsx",
}
KS_YEARS = [
    "2015-2016",
    "2016-2017",
    "2017-2018",
    "2018-2019",
    "2021-2022",
    "2022-2023",
    "2023-2024",
    "2024-2025",
]
MI_NAME = "Management_information_-_state-funded_schools_-_latest_inspections_as_at_31_Mar_2026.csv"


def _real(key: str) -> Path:
    path = REAL[key]
    if not path.exists():
        pytest.skip(f"the real file {path.name} is not in ../shared/data; header comparison skipped")
    return path


def _header(path: Path, encoding: str) -> list[str]:
    with path.open(encoding=encoding, newline="") as handle:
        return next(csv.reader(handle))


def _rows(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode(encoding))))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("demo")
    return folder, generate(folder, seed=0)


# ------------------------------------------------------------------------------------------ headers


@pytest.mark.parametrize(
    ("generated", "real", "encoding"),
    [
        ("edubasealldata20250901.csv", "gias", "cp1252"),
        ("links_edubasealldata20250901.csv", "links", "cp1252"),
        (MI_NAME, "mi", "utf-8"),
        ("2018-2019_999_ks2final.csv", "ks2", "utf-8-sig"),
        ("2017-2018_999_ks4final.csv", "ks4", "utf-8-sig"),
        ("2018-2019_england_census.csv", "census", "utf-8-sig"),
        ("2018-2019_england_abs.csv", "absence", "utf-8-sig"),
        ("lait_data_dictionary.csv", "dictionary", "utf-8"),
    ],
)
def test_csv_headers_are_the_real_ones(
    demo: tuple[Path, list[Path]], generated: str, real: str, encoding: str
) -> None:
    folder, _ = demo
    assert _header(folder / generated, encoding) == _header(_real(real), encoding)


def test_ks2_and_ks4_headers_of_other_years_differ_only_in_year_suffixes(
    demo: tuple[Path, list[Path]],
) -> None:
    folder, _ = demo
    for key, layout_year, stage in (("ks2", 2019, "ks2"), ("ks4", 2018, "ks4")):
        real = _header(_real(key), "utf-8-sig")
        for span in KS_YEARS:
            header = _header(folder / f"{span}_999_{stage}final.csv", "utf-8-sig")
            shift = int(span[-4:]) - layout_year
            assert len(header) == len(real)
            for ours, theirs in zip(header, real, strict=True):
                if ours != theirs:
                    numbers = re.findall(r"_(\d\d)(?=_|$)", ours), re.findall(r"_(\d\d)(?=_|$)", theirs)
                    moved = [(int(a) - int(b)) % 100 for a, b in zip(*numbers, strict=True) if a != b]
                    assert moved == [shift % 100], (ours, theirs)
        prior = "PTRWM_EXP_15" if stage == "ks2" else "ATT8SCR_14"
        assert prior in _header(folder / f"2015-2016_999_{stage}final.csv", "utf-8-sig")


def test_ofsted_workbooks_have_the_real_sheet_layout(demo: tuple[Path, list[Path]]) -> None:
    folder, _ = demo
    real = openpyxl.load_workbook(_real("ofsted_xlsx"), read_only=True).worksheets[0]
    real_header = next(real.iter_rows(max_row=1, values_only=True))
    for year in range(2016, 2025):
        sheet = openpyxl.load_workbook(folder / f"ofsted_schools_{year}.xlsx").worksheets[0]
        assert sheet.title == f"DFE_data_31_July_{year}_SON"
        assert next(sheet.iter_rows(max_row=1, values_only=True)) == real_header
        first = [cell.value for cell in sheet[2]]
        assert str(first[6]).startswith('=IF(A2<> "", HYPERLINK(')
        assert sheet["D2"].number_format == "mm-dd-yy"
    assert not (folder / "ofsted_schools_2025.xlsx").exists()


def test_lait_files_have_the_real_layouts(demo: tuple[Path, list[Path]]) -> None:
    folder, _ = demo
    ours = pl.read_parquet(folder / "bds_long_demo.parquet")
    assert ours.schema == pl.read_parquet_schema(_real("lait"))
    sn_real = list(
        openpyxl.load_workbook(_real("sn")).worksheets[0].iter_rows(max_row=3, max_col=25, values_only=True)
    )
    sn_ours = openpyxl.load_workbook(folder / "sn_demo_2025.xlsx")["LA SN Groups"]
    assert list(sn_ours.iter_rows(max_row=3, max_col=25, values_only=True)) == sn_real
    codes_real = next(
        openpyxl.load_workbook(_real("la_codes")).worksheets[0].iter_rows(max_row=1, values_only=True)
    )
    codes_ours = openpyxl.load_workbook(folder / "la_code_list.xlsx").worksheets[0]
    assert next(codes_ours.iter_rows(max_row=1, values_only=True)) == codes_real


# ------------------------------------------------------------------------------- byte conventions


def test_gias_is_windows_1252_quoted_with_crlf(demo: tuple[Path, list[Path]]) -> None:
    folder, _ = demo
    data = (folder / "edubasealldata20250901.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n") > 100
    assert b"Saint-Exup\xe9ry Primary School" in data  # é as one Windows-1252 byte
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    first_row = data.split(b"\r\n")[1]
    assert re.match(rb'^\d{6},"999","Demo City","\d{4}","', first_row)
    assert b"St Mary's" in data or b"St John's" in data or b"Bishop's" in data
    links = (folder / "links_edubasealldata20250901.csv").read_bytes()
    assert links.count(b"\r\n") == links.count(b"\n") and not links.endswith(b"\n")


def test_performance_tables_have_bom_and_line_endings_of_the_real_files(
    demo: tuple[Path, list[Path]],
) -> None:
    folder, _ = demo
    for span in KS_YEARS:
        for stage in ("ks2", "ks4"):
            data = (folder / f"{span}_999_{stage}final.csv").read_bytes()
            assert data.startswith(b"\xef\xbb\xbf")
            assert data.count(b"\n") == data.count(b"\r\n") and not data.endswith(b"\n")
    for name in ("2018-2019_england_census.csv", "2018-2019_england_abs.csv"):
        data = (folder / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" not in data and data.endswith(b"\n")
    mi = (folder / MI_NAME).read_bytes()
    assert not mi.startswith(b"\xef\xbb\xbf") and b"\r\n" not in mi
    assert "Brontë".encode() in mi  # UTF-8, like the real sample


# ------------------------------------------------------------------------------ content and counts


def test_files_and_import_order(demo: tuple[Path, list[Path]]) -> None:
    folder, paths = demo
    names = [p.name for p in paths]
    assert names[:2] == ["edubasealldata20250901.csv", "links_edubasealldata20250901.csv"]
    assert len(names) == len(set(names)) == len(list(folder.iterdir()))
    for span in ("2019-2020", "2020-2021"):  # no tests in 2020 and 2021
        assert not (folder / f"{span}_999_ks2final.csv").exists()
        assert not (folder / f"{span}_999_ks4final.csv").exists()
        assert (folder / f"{span}_england_census.csv").exists()
    assert sum(1 for n in names if n.endswith("_england_census.csv")) == 10


def test_register_counts_and_conversions(demo: tuple[Path, list[Path]]) -> None:
    folder, _ = demo
    gias = _rows(folder / "edubasealldata20250901.csv", "cp1252")
    open_rows = [r for r in gias if r["EstablishmentStatus (name)"] == "Open"]
    assert 120 <= len(open_rows) <= 140
    phases = {r["PhaseOfEducation (name)"] for r in open_rows}
    assert {"Nursery", "Primary", "Secondary", "All-through", "Not applicable"} <= phases
    types = {r["TypeOfEstablishment (name)"] for r in open_rows}
    assert {"Pupil referral unit", "Community special school", "Academy converter", "Free schools"} <= types
    links = _rows(folder / "links_edubasealldata20250901.csv", "cp1252")
    assert {r["LinkType"] for r in links} == {"Predecessor", "Successor"}
    by_urn = {r["URN"]: r for r in gias}
    successors = [r for r in links if r["LinkType"] == "Successor"]
    assert 15 <= len(successors) <= 30
    members = _rows(folder / "allgrouplinksdata20250901.csv", "cp1252")
    trusts = {(r["URN"], r["Trusts (code)"]) for r in open_rows if r["Trusts (code)"]}
    assert {(r["URN"], r["Group UID"]) for r in members} == trusts  # every open academy, in its trust
    assert all(r["Joined date"] == by_urn[r["URN"]]["OpenDate"] for r in members)
    for link in successors:
        old, new = by_urn[link["URN"]], by_urn[link["LinkURN"]]
        assert (
            old["EstablishmentStatus (name)"] == "Closed" and new["OpenDate"] == link["LinkEstablishedDate"]
        )
        assert re.fullmatch(r"\d\d-\d\d-\d{4}", link["LinkEstablishedDate"])


def test_ks2_la_total_is_the_pupil_weighted_mean_of_its_schools(demo: tuple[Path, list[Path]]) -> None:
    folder, _ = demo
    lait = pl.read_parquet(folder / "bds_long_demo.parquet")
    for span in KS_YEARS:
        rows = _rows(folder / f"{span}_999_ks2final.csv")
        schools = [r for r in rows if r["RECTYPE"] in {"1", "2"}]
        la = [r for r in rows if r["RECTYPE"] == "3"]
        assert len(la) == 1 and la[0]["LEA"] == "999" and la[0]["SCHNAME"] == "Demo City"
        assert [r["RECTYPE"] for r in rows[-2:]] == ["4", "5"]
        pupils = sum(int(r["TELIG"]) for r in schools)
        assert int(la[0]["TELIG"]) == pupils
        published = [r for r in schools if r["PTRWM_EXP"].endswith("%")]
        weighted = sum(int(r["PTRWM_EXP"][:-1]) * int(r["TELIG"]) for r in published) / sum(
            int(r["TELIG"]) for r in published
        )
        assert abs(int(la[0]["PTRWM_EXP"][:-1]) - weighted) <= 1.5
        assert all(r["PTRWM_EXP"] == "SUPP" for r in schools if int(r["TELIG"]) <= 5)
        year = str(int(span[-4:]))
        value = lait.filter(
            (pl.col("Short Desc") == "KS2RWM_Expected_STD")
            & (pl.col("Years") == year)
            & (pl.col("LA Number") == 999)
        ).item(0, "Values")
        assert value == la[0]["PTRWM_EXP"][:-1]
    no_tests = lait.filter(
        (pl.col("Short Desc") == "KS2RWM_Expected_STD") & pl.col("Years").is_in(["2020", "2021"])
    )
    assert set(no_tests["Values"]) == {"-"}


def test_ks4_la_row_and_markers(demo: tuple[Path, list[Path]]) -> None:
    folder, _ = demo
    rows = _rows(folder / "2018-2019_999_ks4final.csv")
    assert [r["RECTYPE"] for r in rows[-3:]] == ["4", "5", "7"]
    schools = [r for r in rows if r["RECTYPE"] in {"1", "2"}]
    la = rows[-3]
    total = sum(float(r["ATT8SCR"]) * int(r["TPUP"]) for r in schools if r["ATT8SCR"] != "SUPP")
    assert abs(float(la["ATT8SCR"]) - total / sum(int(r["TPUP"]) for r in schools)) < 0.2
    assert re.fullmatch(r"-?\d+(\.\d\d?)?", schools[0]["P8MEA"])
    assert la["PBPUP"].endswith("%") and re.fullmatch(r"\d+\.\d\d%", la["PBPUP"])
    assert {r["P8MEA"] for r in _rows(folder / "2024-2025_999_ks4final.csv") if r["RECTYPE"] == "1"} == {"NP"}


def test_ofsted_mi_conventions(demo: tuple[Path, list[Path]]) -> None:
    folder, _ = demo
    rows = _rows(folder / MI_NAME, "utf-8")
    assert 80 <= len(rows) <= 140
    oeif_start = "Inspection start date of latest OEIF graded inspection"
    for row in rows:
        if row["Inclusion"] != "NULL":
            start = row["Inspection start date"]
            assert start[6:] + start[3:5] + start[:2] >= "20251110"
            assert row["Safeguarding standards"] in {"Met", "Not met"}
            assert row["Inclusion - date of grade"] == start
        else:
            assert row["Category of concern"] == "NULL"
        if row[oeif_start] != "NULL":
            start = row[oeif_start]
            judged = row["Latest OEIF overall effectiveness"]
            assert (judged == "Not judged") == (start[6:] + start[3:5] >= "202409"), row["URN"]
            assert row["Latest OEIF  safeguarding is effective?"] in {"Yes", "No"}
        blocks = [row["Inclusion"], row[oeif_start], row["Date of latest ungraded inspection"]]
        assert any(b != "NULL" for b in blocks)
    values = {key: {r[key] for r in rows} for key in rows[0]}
    assert "Not judged" in values["Latest OEIF overall effectiveness"]
    assert "9" in values["Latest OEIF sixth form provision (where applicable)"]
    assert values["Category of concern"] & {"", "NULL"} == {"", "NULL"}
    assert values["Most recent category of concern"] & {"Special Measures", "Serious Weaknesses"}
    assert "School remains Good" in values["Ungraded inspection overall outcome"]
    assert "Standards maintained" in values["Ungraded inspection overall outcome"]
    assert "No" in values["Does the latest OEIF graded inspection relate to the URN of the current school?"]


def test_grades_follow_performance(demo: tuple[Path, list[Path]]) -> None:
    """Schools judged outstanding have better KS2 results than schools judged RI or inadequate."""
    folder, _ = demo
    grades = pl.read_excel(folder / "ofsted_schools_2019.xlsx").select("URN", "Overall effectiveness")
    ks2 = pl.DataFrame(_rows(folder / "2018-2019_999_ks2final.csv")).filter(
        pl.col("RECTYPE") == "1", pl.col("PTRWM_EXP").str.ends_with("%")
    )
    joined = ks2.with_columns(
        URN=pl.col("URN").cast(pl.Int64), exp=pl.col("PTRWM_EXP").str.strip_suffix("%").cast(pl.Float64)
    ).join(grades, on="URN")
    good = joined.filter(pl.col("Overall effectiveness") <= 2)["exp"].mean()
    weak = joined.filter(pl.col("Overall effectiveness") >= 3)["exp"].mean()
    assert isinstance(good, float) and isinstance(weak, float) and good > weak


def test_same_seed_same_bytes_other_seed_other_bytes(demo: tuple[Path, list[Path]], tmp_path: Path) -> None:
    _, paths = demo
    again = generate(tmp_path / "again", seed=0)
    assert [p.name for p in again] == [p.name for p in paths]
    for ours, theirs in zip(paths, again, strict=True):
        assert ours.read_bytes() == theirs.read_bytes(), ours.name
    other = generate(tmp_path / "other", seed=1)
    assert other[0].read_bytes() != paths[0].read_bytes()


# --------------------------------------------------------------------------- read by the real readers


def test_every_demo_file_is_recognised_and_read(demo: tuple[Path, list[Path]]) -> None:
    _, paths = demo
    kinds = {}
    for path in paths:
        result = registry.read(path)
        assert result.rows_read > 0, path.name
        assert result.unknown_columns == [], path.name
        kinds[path.name] = (result.kind, result.year)
    assert kinds["2015-2016_999_ks2final.csv"] == ("ks2", 2016)
    assert kinds["2024-2025_999_ks4final.csv"] == ("ks4", 2025)
    assert kinds["2018-2019_england_census.csv"] == ("census", 2019)
    assert kinds[MI_NAME][0] == "ofsted_mi"
    assert kinds["ofsted_schools_2016.xlsx"] == ("ofsted_perf_tables", 2016)
    assert kinds["edubasealldata20250901.csv"][0] == "gias_establishments"
    assert kinds["allgroupsdata20250901.csv"][0] == "gias_groups"
    assert kinds["allgrouplinksdata20250901.csv"][0] == "gias_group_links"
    assert kinds["bds_long_demo.parquet"][0] == "lait"
    assert kinds["sn_demo_2025.xlsx"][0] == "statistical_neighbours"
    assert kinds["gatsby_benchmarks_demo.csv"] == ("gatsby_benchmarks", None)  # three years in one file
    assert kinds["governor_training_demo.csv"][0] == "governor_training"
    assert kinds["aspiration_events_demo.csv"][0] == "aspiration_events"


# ------------------------------------------------------------------------------------------ national


def test_national_mode_has_real_sizes_and_reads(tmp_path: Path) -> None:
    paths = {p.name: p for p in generate(tmp_path, seed=0, national=True)}
    gias = pl.read_csv(paths["edubasealldata20250901.csv"], encoding="cp1252", infer_schema=False)
    assert gias.width == 133 and 45_000 <= gias.height <= 60_000
    assert 22_000 <= gias.filter(pl.col("EstablishmentStatus (name)") == "Open").height <= 26_000
    assert gias["LA (code)"].n_unique() == 151  # every LA of the DfE's 2018-19 code list
    ks2 = pl.read_csv(paths["2018-2019_england_ks2final.csv"], infer_schema=False)
    assert ks2.width == 318 and 14_000 <= ks2.filter(pl.col("RECTYPE").is_in(["1", "2"])).height <= 19_000
    assert ks2.filter(pl.col("RECTYPE") == "3").height == 151
    ks4 = pl.read_csv(paths["2018-2019_england_ks4final.csv"], infer_schema=False)
    assert ks4.width == 496 and 4_000 <= ks4.height <= 7_000
    census = pl.read_csv(paths["2018-2019_england_census.csv"], infer_schema=False)
    assert 20_000 <= census.height <= 28_000
    mi = pl.read_csv(paths[MI_NAME], infer_schema=False)
    assert mi.width == 85 and 18_000 <= mi.height <= 24_000
    assert registry.read(paths["2018-2019_england_ks2final.csv"]).year == 2019
