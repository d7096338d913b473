"""Upload errors in plain words: the real GIAS slice cut short, a file that only pretends to be a
workbook, and a file peerlift does not recognise; no library text and no command-line flag reaches the
page, and the page offers the choice of kind instead. The command line keeps the readers' wording."""

from __future__ import annotations

import html as html_text
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peerlift.sources import registry
from peerlift.sources.errors import SourceError
from peerlift.web import upload_messages

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
GIAS = (DATA / "gias" / "20220420_gias_slice.csv").read_bytes()
LIBRARY = re.compile(r"new_columns|missing_columns|dtype|calamine|EOCD|--kind|`|polars", re.IGNORECASE)


def _root() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "", "x"))
    return client


def _shown(name: str, data: bytes) -> str:
    response = _root().post("/imports/upload", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    return html_text.unescape(response.content.decode())


def _reader_message(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SourceError) as raised:
        registry.reader_for(path).read(path, None)
    return raised.value.message


def test_a_gias_file_cut_in_its_header_says_so_without_polars_words(tmp_path: Path) -> None:
    cut = GIAS[:1943]  # inside the header line: polars is told more names than the columns it finds
    assert "missing_columns='insert'" in _reader_message(tmp_path, "gias.csv", cut)  # the CLI's words
    page = _shown("gias.csv", cut)
    assert "its column headings, is cut short or damaged" in page
    assert not LIBRARY.search(page.split('id="file-error-details"')[1]), "library text on the page"


def test_a_gias_file_cut_inside_a_quoted_value_says_so_plainly(tmp_path: Path) -> None:
    cut = GIAS[:3204]  # a quoted value that never ends
    assert "as dtype" in _reader_message(tmp_path, "gias.csv", cut)
    page = _shown("gias.csv", cut)
    assert "it looks cut short or damaged" in page and "as dtype" not in page


def _workbook() -> bytes:
    import io

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("LA SN Groups")
    for r in range(200):
        sheet.write_row(r, 0, [f"LA {r}", r, r * 2.5])
    book.close()
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(lambda: _workbook()[:3000], id="a real workbook cut short"),
        pytest.param(lambda: b"PK\x03\x04" + bytes(range(256)) * 8, id="zip signature then junk"),
    ],
)
def test_a_fake_workbook_is_named_as_one_in_plain_words(data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _shown("fake.xlsx", data())
    assert "This is not a readable Excel workbook" in page
    assert not re.search(
        r"calamine|EOCD|central directory", page.split('id="file-error-details"')[1].split("</dl>")[0]
    )


def test_an_unknown_file_offers_the_choice_of_kind_instead_of_a_flag() -> None:
    page = _shown("mystery.csv", b"a,b\n1,2\n")
    assert "--kind" not in page
    assert 'choose its kind under "Kind, year or set name"' in page
    assert re.search(r'<details class="govuk-details" open>', page)  # the choice is shown, not folded away
    assert '<option value="gias_establishments">GIAS establishment extract' in page
    assert "(gias_establishments)" not in page


def test_a_message_already_in_plain_words_is_kept() -> None:
    error = SourceError(
        "x.csv", "the last row has 89 fields where the header has 111: the file looks truncated"
    )
    assert upload_messages.plain(error).message == error.message


def test_the_wording_file_names_its_faults() -> None:
    with pytest.raises(ValueError, match="message 1 has no say"):
        upload_messages.parse('[[message]]\nmatch = "x"\n')
    with pytest.raises(ValueError, match="message 1: match is not a regular expression"):
        upload_messages.parse('[[message]]\nmatch = "("\nsay = "y"\n')
