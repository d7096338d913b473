"""Every HTML page speaks to people: no ISO timestamp and no bare code in what it shows.

A superuser (who may see every page) visits every HTML address of the permission matrix on the
hand-made register, and the text of each page (not its attributes, scripts or `<code>` elements,
where developers' identifiers belong) is searched for an ISO date or time and for a code: a word with
an underscore (`statistical_neighbours`, `all_through`, `not_applicable`) or a text that is exactly
one of the register's codes (`lait`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client

from peerlift.domain import labels
from peerlift.store.models import Import

from .test_permissions import matrix

pytestmark = pytest.mark.django_db

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2})?")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# what may hold underscores and is not a code: a file's name, and a code in brackets after its label
FILE_NAME = re.compile(r"[\w.-]+\.(?:csv|xlsx|xlsm|parquet|txt|zip|pdf)\b|\w*YYYY\w*|\w+_\w+-[\w-]+")
LABELLED = re.compile(r"(?<=[\w)']) \((?:[a-z0-9_]+)\)")


class _Text(HTMLParser):
    """The text nodes a reader sees, outside script, style and code."""

    SKIP = frozenset({"script", "style", "code", "template"})

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.texts.append(data.strip())


def problems_in(html: str, names: frozenset[str] = frozenset()) -> list[str]:
    """What a page shows that breaks the conventions of docs/web.md (words, dates and numbers);
    ``names`` are what people chose to be called (usernames), which may hold underscores."""
    parser = _Text()
    parser.feed(html)
    found = []
    for text in parser.texts:
        found += [f"ISO timestamp {m!r} in {text!r}" for m in ISO.findall(text)]
        words = LABELLED.sub("", FILE_NAME.sub("", text))
        found += [f"code {m!r} in {text!r}" for m in SNAKE.findall(words) if m not in names]
        if text in labels.CODES:
            found.append(f"code {text!r} shown bare")
    return found


def test_the_checker_catches_what_it_is_for() -> None:
    assert problems_in("<td>2024-03-05</td>") == ["ISO timestamp '2024-03-05' in '2024-03-05'"]
    assert problems_in("<p>made 2026-02-01T15:05</p>")
    assert problems_in("<td>statistical_neighbours</td>")
    assert problems_in("<td>lait</td>")
    assert not problems_in('<td data-x="2024-03-05">5 March 2024</td><code>not_applicable</code>')
    assert not problems_in("<td>2023/24</td><td>2023-24</td><td>Not applicable</td>")
    assert not problems_in("<p>Import england_ks2final.csv; links_edubasealldataYYYYMMDD.csv</p>")
    assert not problems_in("<p>the Ofsted file (england_ofsted-schools)</p>")
    assert not problems_in("<option>Key stage 2 reading (ks2_read)</option>")
    assert problems_in("<option>(ks2_read)</option>") and problems_in("<td>ks2_read</td>")
    assert not problems_in("<td>network_lead</td>", frozenset({"network_lead"}))


# Pages merged from other branches after these conventions were written, which still show ISO dates
# or bare codes (date hints "As YYYY-MM-DD", rule names, file kinds, template column names). Each is
# checked below as a strict expected failure: when its page is put right that test fails, and its
# entry here must go. Nothing new may join this list.
def test_no_page_shows_an_iso_timestamp_or_a_bare_code(users: dict[str, User]) -> None:
    an_import = Import.objects.create(
        file_name="x.csv",
        sha256="0" * 64,
        kind="gias",
        status="loaded",
        loaded_by="tests",
        counts={"links": 1},
    )
    root = User.objects.create_superuser("root", password="x" * 16)
    client = Client()
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    pages = [url for url, _ in matrix(an_import.pk, users["officer"].pk, users["other_officer"].pk)]
    usernames = frozenset(User.objects.values_list("username", flat=True))
    html_pages = [
        u for u in pages if not u.split("?")[0].endswith((".json", ".csv", ".xlsx", ".pdf", ".zip"))
    ]
    wrong = []
    for url in html_pages:
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        wrong += [f"{url}: {p}" for p in problems_in(response.content.decode(), usernames)]
    assert len(html_pages) > 40
    assert not wrong, "\n".join(wrong)


def test_dates_and_times_read_as_the_conventions_say() -> None:
    import datetime as dt

    from peerlift.web import words

    assert words.long_date("2026-02-01") == "1 February 2026"
    assert words.long_date(dt.date(2024, 11, 5)) == "5 November 2024"
    # 15:05 UTC in winter is 3:05pm in London; 23:30 UTC on 30 June is 12:30am on 1 July (BST)
    assert words.long_time("2026-02-01T15:05:00+00:00") == "1 February 2026 at 3:05pm"
    assert words.long_time(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)) == "1 July 2026 at 12:30am"
    assert words.long_time("2026-01-10T12:00Z") == "10 January 2026 at 12:00pm"
    assert words.long_date("not a date") == "not a date" and words.long_date(None) == ""


def test_the_glossary_names_its_faults_and_links_every_term() -> None:
    from peerlift.web import glossary

    with pytest.raises(glossary.GlossaryError, match="entry 2 has no meaning"):
        glossary.parse('[[entry]]\nslug="a"\nterm="a"\nmeaning="m"\n[[entry]]\nslug="b"\nterm="b"\n')
    with pytest.raises(glossary.GlossaryError, match="repeats the slug 'a'"):
        glossary.parse('[[entry]]\nslug="a"\nterm="a"\nmeaning="m"\n' * 2)
    slugs = {e.slug for e in glossary.entries()}
    wanted = {"rank", "quartile-band", "trend", "statistical-neighbours", "agreement", "good-or-better"}
    assert wanted | {"suppression-markers"} <= slugs
    markers = dict(glossary.entry("suppression-markers").marker_lines())
    assert markers["SUPP"] == "suppressed to protect individual pupils" and "no_tests" not in markers


def test_the_phase_banner_asks_for_feedback_and_the_footer_names_the_api_for_developers(
    as_role, settings
) -> None:
    settings.PEERLIFT_FEEDBACK_URL = "mailto:help@la.example?subject=peerlift"
    html = as_role("member").get("/").content.decode()
    assert 'href="mailto:help@la.example?subject=peerlift">Give your feedback</a>' in html
    assert "JSON API (for developers)</a>" in html
    assert 'href="/glossary">Glossary</a>' in html


def test_a_term_links_to_the_glossary_where_it_first_appears(register, as_role) -> None:
    from peerlift.web import glossary

    neighbours = glossary.entry_for("Statistical neighbours (2021 set)")
    assert neighbours is not None and neighbours.slug == "statistical-neighbours"
    assert glossary.entry_for("Rank") is not None and glossary.entry_for("Ranking of LAs") is None
    html = as_role("member").get("/las/999/picture").content.decode()
    for slug in ("rank", "quartile-band", "statistical-neighbours"):
        assert html.count(f'href="/glossary#{slug}"') == 1, slug  # three tables have it; linked once


def test_the_demo_authority_s_pages_show_no_iso_timestamp_or_bare_code(tmp_path, users) -> None:  # type: ignore[no-untyped-def]
    """The same check on the demo LA's files (ten years of inspections, LAIT-style figures, its
    neighbour set), where the codes the issue names (`statistical_neighbours`, `lait`) come from."""
    from peerlift.demo import generate
    from peerlift.store.imports import import_file

    from .test_browser import PICTURE_FILES, PICTURE_PAGES

    for path in generate(tmp_path, seed=0):
        if path.name.startswith(PICTURE_FILES):
            import_file(path, user="tests")
    root = User.objects.create_superuser("root", password="x" * 16)
    client = Client()
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    wrong = []
    for url in [*PICTURE_PAGES, "/las/999", "/imports", "/las"]:
        response = client.get(url)
        assert response.status_code == 200, url
        wrong += [f"{url}: {p}" for p in problems_in(response.content.decode())]
    assert not wrong, "\n".join(wrong)
