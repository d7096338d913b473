"""GIAS readers against the real extracts in ../shared/data/gias and slices of them in tests/data/gias.

Expected values were read from the raw files with Python's csv module (cp1252), not from the reader.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from mangling import mangled
from next_year import next_years_csv, same_rows
from shared import SHARED_DATA as _SHARED
from shared import needs_shared

from peerlift.sources import frames
from peerlift.sources.base import ReadResult, SourceError, head_of
from peerlift.sources.gias import (
    LINKED_EXTRA_KEY,
    READERS,
    EstablishmentsReader,
    LinksReader,
    extract_date,
    with_given_date,
)

SHARED_DATA = _SHARED / "gias"
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "gias"

ALL_DATA_2018 = SHARED_DATA / "edubasealldata20181029_20.csv"
SEARCH_2022 = SHARED_DATA / "20220420_gias.csv"
EDUBASE_2015 = SHARED_DATA / "edubasealldata20150407_extract.csv"
LINKS_2025 = SHARED_DATA / "links_edubasealldata20250422.csv"
SEARCH_SLICE = FIXTURES / "20220420_gias_slice.csv"
LINKS_SLICE = FIXTURES / "links_edubasealldata20250422_slice.csv"


def establishments(path: Path) -> tuple[ReadResult, pl.DataFrame]:
    result = EstablishmentsReader().read(path)
    return result, result.tables[frames.ESTABLISHMENTS]


def school(frame: pl.DataFrame, urn: int) -> dict[str, object]:
    rows = frame.filter(pl.col("urn") == urn).to_dicts()
    assert len(rows) == 1
    return rows[0]


def record_of(result: ReadResult, row: dict[str, object]) -> dict[str, object]:
    """A row's record array named by the result's record columns, as the register shows it."""
    values = json.loads(str(row["record"]))
    assert len(values) == len(result.record_columns)
    return dict(zip(result.record_columns, values, strict=True))


# ---------------------------------------------------------------------------------------------
# Recognising files


@needs_shared
@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (ALL_DATA_2018, "gias_establishments"),
        (SEARCH_2022, "gias_establishments"),
        (EDUBASE_2015, "gias_establishments"),
        (LINKS_2025, "gias_links"),
    ],
)
def test_each_real_file_is_recognised_by_exactly_one_reader(path: Path, kind: str) -> None:
    head = head_of(path)
    assert [reader.kind for reader in READERS if reader.sniff(head)] == [kind]


@needs_shared
def test_other_files_are_not_taken_for_gias() -> None:
    census = SHARED_DATA.parent / "performance_tables" / "england_2018-19" / "england_census.csv"
    head = head_of(census)
    assert not any(reader.sniff(head) for reader in READERS)


def test_extract_date_comes_from_the_file_name() -> None:
    assert extract_date(Path("edubasealldata20181029.csv")) == dt.date(2018, 10, 29)
    assert extract_date(Path("edubasealldata20181029_20.csv")) == dt.date(2018, 10, 29)
    assert extract_date(Path("links_edubasealldata20250422.csv")) == dt.date(2025, 4, 22)
    assert extract_date(Path("20220420_gias.csv")) == dt.date(2022, 4, 20)
    assert extract_date(Path("edubasealldata20181399.csv")) is None  # no 13th month
    assert extract_date(Path("schools.csv")) is None
    assert extract_date(Path("results_120220420.csv")) is None


# ---------------------------------------------------------------------------------------------
# The national all-establishment-data extract (2018 sample)


@needs_shared
def test_all_data_2018_rows_year_and_notes() -> None:
    result, frame = establishments(ALL_DATA_2018)
    assert result.rows_read == 20 and frame.height == 20
    assert result.year == 2018
    assert result.as_of == dt.date(2018, 10, 29)
    assert "extract_date=2018-10-29 (from the file name)" in result.notes
    assert result.notes[0].startswith("layout=all_data")
    assert result.unknown_columns == []
    assert result.skipped == []
    assert frame["urn"].to_list() == list(range(100000, 100020))


@needs_shared
def test_all_data_2018_sir_john_cass() -> None:
    result, frame = establishments(ALL_DATA_2018)
    row = school(frame, 100000)
    assert row["name"] == "Sir John Cass's Foundation Primary School"
    assert (row["la_code"], row["laestab"], row["la_name"], row["la_gss"]) == (
        201,
        2013614,
        "City of London",
        "E09000001",
    )
    assert (row["type"], row["type_group"], row["status"]) == (
        "Voluntary aided school",
        "Local authority maintained schools",  # the file's "LA maintained schools", named as GIAS now does
        "Open",
    )
    assert record_of(result, row)["EstablishmentTypeGroup (name)"] == "LA maintained schools"
    assert row["phase"] == "primary"
    assert (row["low_age"], row["high_age"], row["gender"]) == (3, 11, "Mixed")
    assert row["religious_character"] == "Church of England"
    assert (row["pupils"], row["fsm_pct"], row["capacity"]) == (284, 11.3, 274)
    assert (row["postcode"], row["easting"], row["northing"]) == ("EC3A 5DE", 533498, 181201)
    assert (row["urban_rural"], row["region"]) == ("Urban major conurbation", "London")
    assert row["open_date"] is None and row["close_date"] is None
    assert row["trust"] is None and row["trust_code"] is None and row["federation"] is None


@needs_shared
def test_all_data_2018_blank_fsm_and_not_applicable_phase() -> None:
    result, frame = establishments(ALL_DATA_2018)
    row = school(frame, 100001)  # City of London School for Girls, independent
    assert row["phase"] == "not_applicable"
    assert row["fsm_pct"] is None  # blank in the file: no number, not 0
    assert (row["pupils"], row["capacity"]) == (732, 734)
    assert row["open_date"] == dt.date(1920, 1, 1)
    record = record_of(result, row)
    assert record["PercentageFSM"] == ""
    assert record["TypeOfEstablishment (code)"] == "11"
    assert len(record) == 133
    camden = school(frame, 100013)
    assert (camden["name"], camden["laestab"], camden["fsm_pct"]) == (
        "Edith Neville Primary School",
        2022184,
        32.2,
    )


# ---------------------------------------------------------------------------------------------
# The website's search download with links (2022, Hampshire and Surrey)


@needs_shared
def test_search_download_2022_rows_and_notes() -> None:
    result, frame = establishments(SEARCH_2022)
    assert result.rows_read == 1096
    assert frame.filter(pl.col("la_code") == 850).height == 520
    assert frame.filter(pl.col("la_code") == 936).height == 576
    assert result.year == 2022
    assert "extract_date=2022-04-20 (from the file name)" in result.notes
    assert result.notes[0].startswith("layout=search_with_links")
    assert "not in this layout: trust_code" in result.notes
    # 45 rows with 1 extra field, 23 with 2, 1 with 3: 94 fields in 69 rows
    assert any(note.startswith("linked_extra_fields=94 in 69 rows") for note in result.notes)
    assert result.unknown_columns == []
    assert frame["trust_code"].null_count() == 1096
    assert frame["phase"].value_counts().sort("phase").rows() == [
        ("all_through", 4),
        ("middle_deemed_primary", 31),
        ("primary", 1061),
    ]


@needs_shared
def test_search_download_2022_academy_in_a_trust() -> None:
    result, frame = establishments(SEARCH_2022)
    row = school(frame, 138764)
    assert row["name"] == "Danetree Primary School"
    assert (row["la_code"], row["laestab"], row["la_gss"]) == (936, 9362092, "E10000030")
    assert (row["type"], row["type_group"]) == ("Academy converter", "Academies")
    assert row["open_date"] == dt.date(2012, 9, 1)
    assert (row["pupils"], row["fsm_pct"], row["capacity"]) == (743, 16.2, 840)
    assert row["trust"] == "GLF SCHOOLS"
    assert row["urban_rural"] == "(England/Wales) Urban major conurbation"
    assert record_of(result, row)["Linked establishments"] == "124960 Predecessor"


@needs_shared
def test_search_download_2022_extra_linked_establishments_are_kept() -> None:
    result, frame = establishments(SEARCH_2022)
    weyford = school(frame, 116018)
    assert weyford["name"] == "Weyford Nursery and Primary School"
    assert (weyford["status"], weyford["close_date"]) == ("Closed", dt.date(2020, 10, 31))
    record = record_of(result, weyford)
    assert record["Linked establishments"] == "115961 Predecessor"
    assert record[LINKED_EXTRA_KEY] == ["148215 Successor"]
    grove = record_of(result, school(frame, 125131))
    assert grove["Linked establishments"] == "130037 Predecessor"
    assert grove[LINKED_EXTRA_KEY] == ["130052 Predecessor", "130043 Predecessor", "142380 Successor"]
    plain = record_of(result, school(frame, 115850))
    assert plain[LINKED_EXTRA_KEY] == []


@needs_shared
def test_search_download_2022_blank_ages_and_federation() -> None:
    _, frame = establishments(SEARCH_2022)
    riverview = school(frame, 124962)  # closed in 1995, no ages or gender recorded
    assert (riverview["low_age"], riverview["high_age"], riverview["gender"]) == (None, None, None)
    assert riverview["close_date"] == dt.date(1995, 9, 1)
    assert school(frame, 115900)["federation"] == "Forest Edge Learning Federation"
    assert frame.filter(pl.col("la_gss") == "X999999")["urn"].sort().to_list() == [145887, 148469]


# ---------------------------------------------------------------------------------------------
# The older EduBase extract (2015, free schools only)


@needs_shared
def test_edubase_2015_rows_and_layout() -> None:
    result, frame = establishments(EDUBASE_2015)
    assert result.rows_read == 323
    assert result.year == 2015
    assert "extract_date=2015-04-07 (from the file name)" in result.notes
    assert result.notes[0].startswith("layout=edubase")
    assert "not in this layout: type_group, trust_code" in result.notes
    assert result.unknown_columns == []
    # No type-group column: the group comes from the type (200 "Free Schools", 36 "Studio Schools"...).
    assert frame["type_group"].value_counts().rows() == [("Free Schools", 323)]


@needs_shared
def test_edubase_2015_west_london_free_school() -> None:
    _, frame = establishments(EDUBASE_2015)
    row = school(frame, 136750)
    assert row["name"] == "West London Free School"
    assert (row["la_code"], row["laestab"], row["la_name"]) == (205, 2054000, "Hammersmith and Fulham")
    assert (row["type"], row["phase"], row["status"]) == ("Free Schools", "secondary", "Open")
    assert row["open_date"] == dt.date(2011, 9, 7)
    assert (row["low_age"], row["high_age"]) == (11, 18)
    assert (row["pupils"], row["fsm_pct"], row["capacity"]) == (360, 20.8, 840)
    assert row["trust"] == "West London Free School Academy Trust, The"
    assert (row["urban_rural"], row["region"], row["la_gss"]) == (
        "Urban > 10k - less sparse",
        "London",
        "E09000013",
    )


@needs_shared
def test_edubase_2015_fsm_marker_and_windows_1252_name() -> None:
    result, frame = establishments(EDUBASE_2015)
    etz = school(frame, 136938)
    assert etz["fsm_pct"] is None  # published as "x"
    assert record_of(result, etz)["PercentageFSM"] == "x"
    assert school(frame, 140564)["name"] == "King\u2019s College London Maths School"  # byte 0x92
    assert frame.filter(pl.col("phase") == "all_through").height == 26
    assert frame.filter(pl.col("phase") == "16_plus").height == 10


# ---------------------------------------------------------------------------------------------
# The links file


@needs_shared
def test_links_2025_whole_file() -> None:
    result = LinksReader().read(LINKS_2025)
    links = result.tables[frames.LINKS]
    assert result.rows_read == 33801 and links.height == 33801
    assert result.year == 2025 and result.as_of == dt.date(2025, 4, 22)
    assert result.unknown_columns == []
    assert links["link_date"].null_count() == 8253
    counts = dict(links["link_type"].value_counts().rows())
    assert counts["Successor"] == 16451
    assert counts["Predecessor"] == 16264
    assert counts["Predecessor - merged"] == 230
    assert counts["Result of Amalgamation"] == 111
    assert len(counts) == 17
    row = links.filter((pl.col("urn") == 148533) & (pl.col("link_urn") == 134019)).to_dicts()
    assert row == [
        {
            "urn": 148533,
            "link_urn": 134019,
            "link_name": "Charter Primary School",
            "link_type": "Predecessor",
            "link_date": dt.date(2021, 3, 31),
        }
    ]
    accented = links.filter((pl.col("urn") == 108299) & (pl.col("link_urn") == 138950))["link_name"]
    assert accented.str.starts_with("St Thomas \u00e0 Becket").all()  # byte 0xe0 in Windows-1252


def test_links_slice() -> None:
    result = LinksReader().read(LINKS_SLICE)
    links = result.tables[frames.LINKS]
    assert links.height == 14
    assert links.filter(pl.col("urn") == 103713).row(0) == (
        103713,
        142212,
        "St John Fisher Catholic Primary School",
        "Successor",
        dt.date(2015, 7, 31),
    )


# ---------------------------------------------------------------------------------------------
# Bad input


def variant(tmp_path: Path, data: bytes, name: str = "20220420_gias_slice.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def slice_bytes() -> bytes:
    return SEARCH_SLICE.read_bytes()


def read_error(path: Path, reader: EstablishmentsReader | LinksReader | None = None) -> SourceError:
    with pytest.raises(SourceError) as caught:
        (reader or EstablishmentsReader()).read(path)
    return caught.value


def test_slice_reads() -> None:
    result, frame = establishments(SEARCH_SLICE)
    assert frame["urn"].to_list() == [115850, 115851, 115852, 116018, 125131]
    assert any(note.startswith("linked_extra_fields=4 in 2 rows") for note in result.notes)


def test_empty_file(tmp_path: Path) -> None:
    error = read_error(variant(tmp_path, b""))
    assert "empty" in error.message


def test_truncated_mid_row(tmp_path: Path) -> None:
    data = slice_bytes()
    cut = data[: data.rstrip(b"\r\n").rfind(b"\r\n") + 200]  # the last row, cut after 200 bytes
    error = read_error(variant(tmp_path, cut))
    assert error.row == 6
    assert "truncated" in error.message


def test_utf16_without_its_bom_is_refused(tmp_path: Path) -> None:
    data = slice_bytes().decode("cp1252").encode("utf-16-le")
    error = read_error(variant(tmp_path, data))
    assert "binary" in error.message


def test_bytes_that_are_not_windows_1252(tmp_path: Path) -> None:
    data = slice_bytes().replace(b"Anstey Junior School", b"Anstey Junior Sch\x81ol")
    error = read_error(variant(tmp_path, data))
    assert error.row == 3
    assert "0x81" in error.message


def test_semicolon_delimiter(tmp_path: Path) -> None:
    text = slice_bytes().decode("cp1252").replace('","', '";"')
    error = read_error(variant(tmp_path, text.encode("cp1252")))
    assert error.row == 1
    assert "semicolons" in error.message


def test_formula_in_a_name(tmp_path: Path) -> None:
    data = slice_bytes().replace(b'"Alton Infant School"', b'"=HYPERLINK(""http://x"",""Alton"")"')
    error = read_error(variant(tmp_path, data))
    assert (error.row, error.column) == (2, "EstablishmentName")
    assert "formula" in error.message


def test_huge_field(tmp_path: Path) -> None:
    data = slice_bytes().replace(b'"Alton Infant School"', b'"' + b"A" * 20_000 + b'"')
    error = read_error(variant(tmp_path, data))
    assert (error.row, error.column) == (2, "EstablishmentName")


def test_text_in_a_number_column(tmp_path: Path) -> None:
    data = slice_bytes().replace(b"\r\n115851,", b"\r\n11585I,")
    error = read_error(variant(tmp_path, data))
    assert (error.row, error.column) == (3, "URN")


def test_bad_date(tmp_path: Path) -> None:
    data = slice_bytes().replace(b'"31-10-2020"', b'"2020/10/31"')
    error = read_error(variant(tmp_path, data))
    assert (error.row, error.column) == (5, "CloseDate")


@needs_shared
def test_an_odd_number_or_date_in_a_national_file_is_kept_as_none_and_counted(tmp_path: Path) -> None:
    data = SEARCH_2022.read_bytes()
    odd = data.replace(b'"21-01-2021","234","135","99"', b'"21-01-2021","lots","135","99"')
    odd = odd.replace(b'"31-10-2020"', b'"2020/10/31"', 1)
    assert odd.count(b'"lots"') == 1 and odd.count(b'"2020/10/31"') == 1
    clean, before = establishments(SEARCH_2022)
    result, frame = establishments(variant(tmp_path, odd, SEARCH_2022.name))
    assert frame.height == before.height  # no school is lost
    assert school(before, 115851)["pupils"] == 234 and school(frame, 115851)["pupils"] is None
    assert school(frame, 115851)["capacity"] == 256  # the row's other values load
    notes = " ".join(result.notes)
    assert "column 'NumberOfPupils': 1 cell(s) that could not be read" in notes and "'lots'" in notes
    assert "column 'CloseDate': 1 cell(s)" in notes and "'2020/10/31'" in notes
    assert "could not be read" not in " ".join(clean.notes)


def test_unknown_phase(tmp_path: Path) -> None:
    data = slice_bytes().replace(b'"Primary",4,7', b'"Tertiary",4,7')
    error = read_error(variant(tmp_path, data))
    assert (error.row, error.column) == (2, "PhaseOfEducation (name)")


def test_duplicate_urn(tmp_path: Path) -> None:
    data = slice_bytes().replace(b"\r\n115851,", b"\r\n115850,")
    error = read_error(variant(tmp_path, data))
    assert (error.row, error.column) == (3, "URN")
    assert "more than once" in error.message


def test_missing_urn(tmp_path: Path) -> None:
    data = slice_bytes().replace(b"\r\n115852,", b"\r\n,")
    error = read_error(variant(tmp_path, data))
    assert (error.row, error.column) == (4, "URN")


def test_extra_field_that_is_not_a_link(tmp_path: Path) -> None:
    data = slice_bytes().replace(b'"148215 Successor"', b'"Hampshire"')
    error = read_error(variant(tmp_path, data))
    assert (error.row, error.column) == (5, "Linked establishments")


@needs_shared
def test_extra_fields_in_a_layout_without_links(tmp_path: Path) -> None:
    lines = ALL_DATA_2018.read_bytes().split(b"\n")
    lines[3] = lines[3] + b',"stray"'
    error = read_error(variant(tmp_path, b"\n".join(lines), "edubasealldata20181029.csv"))
    assert error.row == 4
    assert "more fields than the header" in error.message


def test_missing_required_column(tmp_path: Path) -> None:
    data = slice_bytes().replace(b'"EstablishmentNumber"', b'"EstabNumber"', 1)
    error = read_error(variant(tmp_path, data))
    assert error.row == 1  # the header test does not find an establishment header


def test_wrong_file_for_the_reader(tmp_path: Path) -> None:
    error = read_error(LINKS_SLICE)
    assert error.row == 1
    error = read_error(SEARCH_SLICE, LinksReader())
    assert error.row == 1


def test_unknown_column_is_reported(tmp_path: Path) -> None:
    data = slice_bytes().replace(b'"CHNumber"', b'"CompaniesHouseNumber"', 1)
    result = EstablishmentsReader().read(variant(tmp_path, data))
    assert result.unknown_columns == ["CompaniesHouseNumber"]
    record = record_of(result, result.tables[frames.ESTABLISHMENTS].row(0, named=True))
    assert "CompaniesHouseNumber" in record  # reported and still kept


def test_not_applicable_in_a_number_column(tmp_path: Path) -> None:
    data = slice_bytes().replace(b'"E10000014",472080,', b'"E10000014","Not applicable",')
    _, frame = establishments(variant(tmp_path, data))
    assert frame["easting"][0] is None


def test_links_bad_values(tmp_path: Path) -> None:
    text = LINKS_SLICE.read_bytes()
    error = read_error(
        variant(tmp_path, text.replace(b"103713,142212", b"103713,14221x"), "links.csv"), LinksReader()
    )
    assert (error.row, error.column) == (8, "LinkURN")
    error = read_error(
        variant(tmp_path, text.replace(b'"31-07-2015"', b'"2015-07-31"'), "links.csv"), LinksReader()
    )
    assert (error.row, error.column) == (8, "LinkEstablishedDate")
    error = read_error(
        variant(tmp_path, text.replace(b'"Successor","31-07-2015"', b'"","31-07-2015"'), "links.csv"),
        LinksReader(),
    )
    assert (error.row, error.column) == (8, "LinkType")


# ---------------------------------------------------------------------------------------------
# Mangled input: a ReadResult or a SourceError, never anything else


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mangled(SEARCH_SLICE.read_bytes()))
def test_mangled_establishments(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "20220420_gias_slice.csv"
    path.write_bytes(data)
    try:
        result = EstablishmentsReader().read(path)
    except SourceError:
        return
    assert isinstance(result, ReadResult)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mangled(LINKS_SLICE.read_bytes()))
def test_mangled_links(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "links_edubasealldata20250422.csv"
    path.write_bytes(data)
    try:
        result = LinksReader().read(path)
    except SourceError:
        return
    assert isinstance(result, ReadResult)


def test_more_extra_fields_than_any_school_has(tmp_path: Path) -> None:
    data = slice_bytes().replace(b'"148215 Successor"', b",".join([b'"148215 Successor"'] * 60))
    error = read_error(variant(tmp_path, data))
    assert error.row == 5


def test_year_given_by_the_caller_wins_and_is_noted() -> None:
    result = EstablishmentsReader().read(SEARCH_SLICE, year=2021)
    assert result.year == 2021
    assert result.as_of == dt.date(2022, 4, 20)
    assert "year 2021 was given; the extract is of 2022" in result.notes


def test_file_name_without_a_date_is_dated_by_its_latest_change(tmp_path: Path) -> None:
    """The slice's latest LastChangedDate is 23-03-2022 (read from the file by hand): a floor."""
    result = EstablishmentsReader().read(variant(tmp_path, slice_bytes(), "hampshire_schools.csv"))
    assert (result.year, result.as_of, result.as_of_source) == (2022, dt.date(2022, 3, 23), "content")
    assert any(n.startswith("extract_date=2022-03-23 at the earliest") for n in result.notes)


def test_no_date_anywhere(tmp_path: Path) -> None:
    text = slice_bytes().decode("cp1252")
    header = text.split("\n", 1)[0]
    column = header.split(",").index('"LastChangedDate"')
    rows = [line.split(",") for line in text.splitlines()]
    # blank every LastChangedDate (the slice's values hold no commas before that column)
    blanked = "\n".join(
        ",".join('""' if i == column and n else cell for i, cell in enumerate(row))
        for n, row in enumerate(rows)
    )
    result = EstablishmentsReader().read(variant(tmp_path, blanked.encode("cp1252"), "hampshire_schools.csv"))
    assert (result.as_of, result.as_of_source) == (None, "")
    assert any(n.startswith("extract_date=unknown") for n in result.notes)


def test_date_given_for_an_undated_name(tmp_path: Path) -> None:
    path = variant(tmp_path, slice_bytes(), "hampshire_schools.csv")
    result = with_given_date(EstablishmentsReader().read(path), dt.date(2022, 4, 1))
    assert (result.as_of, result.as_of_source) == (dt.date(2022, 4, 1), "--date")
    assert "extract_date=2022-04-01 (from the date given with the file)" in result.notes
    with pytest.raises(SourceError) as error:  # before the file's own latest change
        with_given_date(EstablishmentsReader().read(path), dt.date(2022, 3, 1))
    assert error.value.column == "LastChangedDate"
    named = with_given_date(EstablishmentsReader().read(SEARCH_SLICE), dt.date(2023, 1, 1))
    assert (named.as_of, named.as_of_source) == (dt.date(2022, 4, 20), "file name")
    assert "the date given, 2023-01-01, is not used: the file name's date is" in named.notes


def test_record_keeps_quotes_backslashes_and_line_breaks(tmp_path: Path) -> None:
    name = 'St Mary\'s "Alton" Infant \\ Nursery\nSchool'
    quoted = '"' + name.replace('"', '""') + '"'
    data = slice_bytes().replace(b'"Alton Infant School"', quoted.encode("cp1252"), 1)
    result, frame = establishments(variant(tmp_path, data))
    row = school(frame, 115850)
    assert row["name"] == name
    assert record_of(result, row)["EstablishmentName"] == name


def test_unicode_line_separators_stay_inside_their_cell(tmp_path: Path) -> None:
    # Only line feeds end a CSV line; a form feed or U+2028 inside a quoted cell is text.
    name = "Alton\u2028Infant\x0cSchool"
    text = slice_bytes().decode("cp1252").replace('"Alton Infant School"', f'"{name}"', 1)
    result, frame = establishments(variant(tmp_path, text.encode("utf-8")))
    assert result.rows_read == establishments(SEARCH_SLICE)[0].rows_read
    assert school(frame, 115850)["name"] == name


def test_old_mac_line_endings(tmp_path: Path) -> None:
    text = slice_bytes().decode("cp1252").replace("\r\n", "\n").replace("\n", "\r")
    result, frame = establishments(variant(tmp_path, text.encode("cp1252")))
    assert result.rows_read == establishments(SEARCH_SLICE)[0].rows_read
    assert school(frame, 115850)["name"] == "Alton Infant School"


def test_utf16_as_excel_saves_unicode_text(tmp_path: Path) -> None:
    text = slice_bytes().decode("cp1252")
    result, frame = establishments(variant(tmp_path, text.encode("utf-16")))  # with its BOM
    assert result.rows_read == establishments(SEARCH_SLICE)[0].rows_read
    assert school(frame, 115850)["name"] == "Alton Infant School"
    broken = text.encode("utf-16") + b"\x00\xd8\x41\x00"  # a lone surrogate on the last line
    assert read_error(variant(tmp_path, broken)).row is not None


def test_an_endless_cell_on_the_last_row(tmp_path: Path) -> None:
    data = slice_bytes().rstrip(b"\r\n") + b',"' + b"x" * 300_000 + b'"\r\n'
    error = read_error(variant(tmp_path, data))
    assert "characters" in error.message and error.row is not None


def test_a_number_too_large_for_the_register(tmp_path: Path) -> None:
    data = slice_bytes().replace(b',"Primary",4,7,', b',"Primary",4,3000000000,', 1)
    assert data != slice_bytes()
    error = read_error(variant(tmp_path, data))
    assert (error.row, error.column) == (2, "StatutoryHighAge")
    assert "'3000000000' is not a whole number of a size the register holds" in error.message


# ---------------------------------------------------------------------------------------------
# Next year's files: columns shuffled, one renamed, extra ones, a later year's rows appended


@needs_shared
def test_next_years_establishments(tmp_path: Path) -> None:
    """The 2018 national extract's 20 rows, as a 2019 extract might come: a school opened since."""
    _, before = establishments(ALL_DATA_2018)

    def a_new_school(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{**rows[0], "URN": "150001", "EstablishmentName": "A School Opened in 2019"}]

    changed = next_years_csv(
        ALL_DATA_2018,
        tmp_path / "edubasealldata20191029.csv",
        rename={"NumberOfPupils": "PupilCount"},
        extra={"NewGiasField (name)": "Yes"},
        append=a_new_school,
        encoding="cp1252",
    )
    result, after = establishments(changed)
    assert {"PupilCount", "NewGiasField (name)"} <= set(result.unknown_columns)
    assert "pupils" in next(n for n in result.notes if n.startswith("not in this layout"))
    assert after.height == before.height + 1 and after["pupils"].null_count() == after.height
    compared = [c for c in before.columns if c not in {"pupils", "record"}]
    assert same_rows(after.filter(pl.col("urn") != 150001).select(compared), before.select(compared))
    assert school(after, 150001)["name"] == "A School Opened in 2019"
    assert result.as_of == dt.date(2019, 10, 29)


def test_next_years_links(tmp_path: Path) -> None:
    original = LinksReader().read(LINKS_SLICE)

    def a_later_link(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{**rows[0], "URN": "150001", "LinkURN": "150002", "LinkEstablishedDate": "01-09-2026"}]

    changed = next_years_csv(
        LINKS_SLICE,
        tmp_path / "links_edubasealldata20260901.csv",
        rename={"LinkName": "LinkedEstablishmentName"},
        extra={"LinkReason": "Merger"},
        append=a_later_link,
        encoding="cp1252",
    )
    result = LinksReader().read(changed)
    assert set(result.unknown_columns) == {"LinkedEstablishmentName", "LinkReason"}
    links = result.tables[frames.LINKS]
    assert links.height == original.tables[frames.LINKS].height + 1
    assert links["link_name"].null_count() == links.height  # its column was renamed away
    assert same_rows(
        links.filter(pl.col("urn") != 150001).drop("link_name"),
        original.tables[frames.LINKS].drop("link_name"),
    )
    assert links.filter(pl.col("urn") == 150001)["link_date"].to_list() == [dt.date(2026, 9, 1)]
