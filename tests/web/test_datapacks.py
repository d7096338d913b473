"""An LA's data packs as a background job, end to end with real processes: the register loaded by
`peerlift import` from real files, the app served by gunicorn (`peerlift serve`), a task worker
(`peerlift worker`), and an officer asking for the packs over HTTP. Once on a SQLite file (both
processes share it) and once on PostgreSQL (a database of its own, made and dropped here).

Hampshire (850) has three open schools in the GIAS slice, with their real KS2 2018/19 results; Surrey
(936) only a closed one, so its job fails, and the page says why in plain words.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import REPO, SHARED_DATA
from .conftest import OWN
from .test_browser import _violations, browser, shot, sign_in, site  # noqa: F401 (fixtures)

GIAS_SLICE = REPO / "tests" / "data" / "gias" / "20220420_gias_slice.csv"
KS2_2019 = SHARED_DATA / "performance_tables" / "la_850_hampshire_936_surrey" / "2018-850-ks2.csv"
POSTGRES = os.environ.get("PEERLIFT_TEST_POSTGRES") or "postgres://postgres@127.0.0.1:5432/postgres"
OPEN_HAMPSHIRE = {115850, 115851, 115852}  # the slice's open schools of LA 850


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postgres_up() -> bool:
    parsed = urllib.parse.urlparse(POSTGRES)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL of its own: a SQLite file, or a new PostgreSQL database (dropped after)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
        return
    yield from postgres_database("peerlift_jobs")


def postgres_database(prefix: str) -> Iterator[str]:
    """A new PostgreSQL database's URL (skips when PostgreSQL does not answer), dropped after."""
    if not _postgres_up():
        pytest.skip("PostgreSQL does not answer at 127.0.0.1:5432")
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = POSTGRES.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(database: str, tmp_path: Path, **more: str) -> dict[str, str]:
    """What `peerlift` processes of a test share: its database, home and files folder."""
    return {
        **os.environ,
        "DATABASE_URL": database,
        "PEERLIFT_HOME": str(tmp_path),
        "PEERLIFT_FILES": str(tmp_path / "files"),
        "DJANGO_SETTINGS_MODULE": "peerlift.settings",
        **more,
    }


def _peerlift(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "peerlift.cli", *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


class Browserless:
    """A signed-in HTTP client (cookies and CSRF tokens, as a browser without JavaScript keeps them)."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def post_form(self, page: str, action: str, fields: dict[str, str]) -> int:
        """Fill the form at ``action`` on ``page`` (its CSRF token included) and send it."""
        _, body = self.get(page)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert token, f"no CSRF token on {page}"
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1).decode(), **fields}).encode()
        request = urllib.request.Request(self.base + action, data=data, headers={"Referer": self.base + page})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def _wait_for(port: int, server: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + 300  # gunicorn loads the whole app first (--preload)
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def _latest(client: Browserless, la: int, until: set[str], seconds: float = 600) -> dict[str, Any]:
    """The LA's latest job (from the page's JSON) once its status is one of ``until``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, body = client.get(f"/las/{la}/datapacks.json")
        assert status == 200
        found = json.loads(body)
        if found["latest"] and found["latest"]["status"] in until:
            return dict(found)
        time.sleep(1)
    raise AssertionError(f"job of LA {la} never reached {until}: {found}")


@pytest.mark.skipif(not KS2_2019.exists(), reason="the shared data folder is not beside the repository")
def test_an_officer_gets_the_la_s_packs_from_a_real_worker(database: str, tmp_path: Path) -> None:
    env = environment(database, tmp_path)
    _peerlift(env, "import", str(GIAS_SLICE), str(KS2_2019))
    created = _peerlift(env, "createuser", "hants", "--role", "officer", "--la", "850")
    password = created.rsplit("Password:", 1)[1].strip()
    port = _free_port()
    processes = [
        subprocess.Popen([sys.executable, "-m", "peerlift.cli", "serve", "--port", str(port)], env=env),
        subprocess.Popen([sys.executable, "-m", "peerlift.cli", "worker", "--interval", "0.2"], env=env),
    ]
    try:
        _wait_for(port, processes[0])
        client = Browserless(f"http://127.0.0.1:{port}")
        assert client.post_form("/sign-in", "/sign-in", {"username": "hants", "password": password}) == 200
        page = "/las/850/datapacks"
        # asked for twice before any worker could finish: one job
        assert client.post_form(page, "/las/850/datapacks/request", {}) == 200
        assert client.post_form(page, "/las/850/datapacks/request", {}) == 200
        status, body = client.get(page)
        assert status == 200 and b"See how far it has got" in body  # a link to look again while it runs
        done = _latest(client, 850, {"Ready to download", "Failed"})
        assert done["latest"]["status"] == "Ready to download", done
        assert done["latest"]["done"] == done["latest"]["total"] == len(OPEN_HAMPSHIRE)
        assert len(done["tables"]["jobs"]["rows"]) == 1
        # asked for again with nothing changed: the same packs, not a second run
        assert client.post_form(page, "/las/850/datapacks/request", {}) == 200
        again = _latest(client, 850, {"Ready to download"})
        assert len(again["tables"]["jobs"]["rows"]) == 1
        status, body = client.get(page)
        assert b"See how far it has got" not in body and b"Download the packs (ZIP)" in body
        zip_url = re.search(rb'href="(/las/850/datapacks/\d+\.zip)"', body)
        assert zip_url
        status, archive = client.get(zip_url.group(1).decode())
        assert status == 200
        (tmp_path / "packs.zip").write_bytes(archive)
        with zipfile.ZipFile(tmp_path / "packs.zip") as packs:
            names = packs.namelist()
            assert {int(n.split("-")[0]) for n in names} == OPEN_HAMPSHIRE
            assert all(packs.read(n).startswith(b"%PDF") for n in names)
        assert client.get("/las/936/datapacks")[0] == 403  # not for another LA's officer
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


@pytest.mark.skipif(not KS2_2019.exists(), reason="the shared data folder is not beside the repository")
def test_a_job_that_cannot_be_done_says_why(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'fail.sqlite3'}"
    env = environment(database, tmp_path)
    _peerlift(env, "import", str(GIAS_SLICE))
    created = _peerlift(env, "createuser", "surrey", "--role", "officer", "--la", "936")
    password = created.rsplit("Password:", 1)[1]
    port = _free_port()
    processes = [
        subprocess.Popen([sys.executable, "-m", "peerlift.cli", "serve", "--port", str(port)], env=env),
        subprocess.Popen([sys.executable, "-m", "peerlift.cli", "worker", "--interval", "0.2"], env=env),
    ]
    try:
        _wait_for(port, processes[0])
        client = Browserless(f"http://127.0.0.1:{port}")
        client.post_form("/sign-in", "/sign-in", {"username": "surrey", "password": password.strip()})
        assert client.post_form("/las/936/datapacks", "/las/936/datapacks/request", {}) == 200
        failed = _latest(client, 936, {"Failed", "Ready to download"})
        assert failed["latest"]["status"] == "Failed"
        assert failed["latest"]["message"] == (
            "The packs could not be made: the register holds no open school in LA 936."
        )
        body = client.get("/las/936/datapacks")[1]
        assert b"the register holds no open school in LA 936" in body
        assert b"Traceback" not in body
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


# ---------------------------------------------------------------------------------------------
# The main journey in a real browser (the job itself runs in the tests above, with a real worker)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_reads_a_pack_downloads_it_and_asks_for_the_la_s(browser: Any, site: str) -> None:  # noqa: F811
    # the live server imports the whole app on its first request: on a loaded machine that outlasts
    # the browser's page timeout, so it is asked once first
    urllib.request.urlopen(f"{site}/sign-in", timeout=600).read()
    page = sign_in(browser, site, "officer")
    page.set_default_timeout(180_000)
    page.goto(f"{site}/schools/{OWN}")
    page.click("text=The school's data pack")
    assert page.locator("h1").inner_text().startswith("Data pack:")
    assert page.locator("#table-inspections").count() == 1
    assert not _violations(page)
    shot(page, "datapack")
    with page.expect_download() as download:
        page.click("text=Download the pack as PDF")
    assert download.value.suggested_filename == f"datapack-{OWN}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    page.goto(f"{site}/")
    page.click("text=data packs for every school")
    page.click("button:has-text('Make the packs')")
    assert page.locator("#job-status").inner_text() == "Waiting for a worker"
    page.click("#job-refresh")
    assert page.locator("#job-status").inner_text() == "Waiting for a worker"
    assert not _violations(page)
    shot(page, "datapacks-job")
    page.context.close()
