"""Hostile uploads against a real gunicorn on loopback (issue 8, defects 3 and 4), bounded in time and
memory: the worker's resident memory is read from /proc/<pid>/status while each request runs, and a
worker that passes KILL_AT is killed, so that a server that gives way fails the test, not the machine.

The server runs from a folder of its own (SQLite, upload folder, TMPDIR), so what it leaves behind
on disk is seen. Uploads are sent over a raw socket, so that a test can send a request's headers and
wait for the answer before sending any of its body.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import bombs
import pytest

MB = 1024 * 1024
UPLOAD_LIMIT_MB = 20
KILL_AT = 1500 * MB  # a worker past this is killed: the test has failed by then
WORKER_GROWTH = 300 * MB  # what a refused request may add to the worker's memory, at most


GUNICORN = (sys.executable, "-m", "gunicorn", "peerlift.web.wsgi:application")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def _rss(pid: int) -> int:
    """Resident memory in bytes, from /proc/<pid>/status (0 once the process is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else 0


@dataclass
class Server:
    base: str
    host: str
    port: int
    home: Path
    tmp: Path
    master: subprocess.Popen[bytes]
    passwords: dict[str, str] = field(default_factory=dict)

    def worker(self) -> int:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if workers := _children(self.master.pid):
                return workers[0]
            time.sleep(0.1)
        raise AssertionError("gunicorn has no worker")

    def leftovers(self) -> list[Path]:
        """Files the server left: waiting uploads, temporary files (its own TMPDIR and Django's)."""
        uploads = self.home / "var" / "uploads"
        found = [p for p in self.tmp.rglob("*") if p.is_file()]
        if uploads.exists():
            found += [p for p in uploads.rglob("*") if p.is_file()]
        return found


class Watch:
    """Polls a worker's resident memory while a request runs; kills it past KILL_AT."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.start = _rss(pid)
        self.peak = self.start
        self.killed = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = _rss(self.pid)
            self.peak = max(self.peak, rss)
            if rss > KILL_AT:
                self.killed = True
                os.kill(self.pid, signal.SIGKILL)
                return
            time.sleep(0.02)

    def __enter__(self) -> Watch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth(self) -> int:
        return self.peak - self.start


def _peerlift(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "peerlift.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("live")
    tmp = home / "tmp"
    tmp.mkdir()
    env = {
        **os.environ,
        "PEERLIFT_HOME": str(home),
        "DATABASE_URL": f"sqlite:///{home / 'peerlift.sqlite3'}",
        "PEERLIFT_SECRET_KEY": "live-limits-test-" + "x" * 40,
        "PEERLIFT_UPLOAD_MAX_MB": str(UPLOAD_LIMIT_MB),
        "TMPDIR": str(tmp),
        "DJANGO_SETTINGS_MODULE": "peerlift.settings",
    }
    passwords = {}
    for username, role in (("officer1", "officer"), ("member1", "member")):
        out = _peerlift(env, "createuser", username, "--role", role, "--la", "999")
        found = re.search(r"Password: (\S+)", out)
        assert found is not None, out
        passwords[username] = found.group(1)
    port = _free_port()
    master = subprocess.Popen(
        [*GUNICORN, "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "120"],
        env=env,
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/sign-in", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or master.poll() is not None:
                master.kill()
                pytest.fail("gunicorn did not start")
            time.sleep(0.3)
    yield Server(base, "127.0.0.1", port, home, tmp, master, passwords)
    master.terminate()
    master.wait(timeout=30)


def _signed_in(server: Server, username: str) -> tuple[str, str]:
    """A session cookie header and the upload form's CSRF token, through the real sign-in form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{server.base}/sign-in", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": server.passwords[username]}
    ).encode()
    page = opener.open(f"{server.base}/sign-in", data=data, timeout=30).read().decode()
    assert "Sign out" in page
    try:
        upload = opener.open(f"{server.base}/imports/upload", timeout=30).read().decode()
    except urllib.error.HTTPError:  # a role that may not import is not shown the form
        upload = ""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', upload)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, token.group(1) if token else ""


BOUNDARY = "----peerlift-live-test"


def _multipart_head(csrf: str, file_name: str) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{csrf}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()


TAIL = f"\r\n--{BOUNDARY}--\r\n".encode()


def _headers(server: Server, length: int, cookie: str = "") -> bytes:
    lines = [
        "POST /imports/upload HTTP/1.1",
        f"Host: 127.0.0.1:{server.port}",
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
        f"Content-Length: {length}",
        f"Referer: {server.base}/imports/upload",
    ]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _answer(sock: socket.socket, seconds: float) -> tuple[int, dict[str, str], str]:
    """Status, headers and body of the answer, or (0, {}, "") when none came in time."""
    sock.settimeout(seconds)
    data = b""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            if length and len(body) >= int(length.group(1)):
                break
    except (TimeoutError, ConnectionResetError):
        pass
    if not data:
        return 0, {}, ""
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in header_lines if ":" in h)}
    return int(status_line.split()[1]), headers, body.decode("utf-8", "replace")


def _headers_only(server: Server, length: int, cookie: str = "") -> tuple[int, dict[str, str], str]:
    """Send a request's headers, declaring ``length`` bytes of body, and wait 10 s for an answer
    before sending any of the body: a server that reads the body first gives none."""
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(_headers(server, length, cookie))
        return _answer(sock, 10)


def test_an_anonymous_gigabyte_post_is_answered_before_its_body_is_read(server: Server) -> None:
    with Watch(server.worker()) as watch:
        status, headers, _ = _headers_only(server, 1024**3)
    assert status == 302, "no answer within 10 s: the server waited to read the body"
    assert headers["location"].startswith("/sign-in?next=/imports/upload")
    assert not watch.killed and watch.growth < WORKER_GROWTH
    assert server.leftovers() == []


def test_a_user_who_may_not_import_is_refused_before_the_body_is_read(server: Server) -> None:
    cookie, _ = _signed_in(server, "member1")
    status, _, body = _headers_only(server, 1024**3, cookie)
    assert status == 403 and "Your role does not let you import files." in body
    assert server.leftovers() == []


def test_an_officers_body_over_the_limit_is_refused_by_its_length(server: Server) -> None:
    cookie, _ = _signed_in(server, "officer1")
    with Watch(server.worker()) as watch:
        status, _, body = _headers_only(server, 20 * 1024**3, cookie)
    assert status == 413 and f"The file must be smaller than {UPLOAD_LIMIT_MB} MB" in body
    assert not watch.killed and watch.growth < WORKER_GROWTH
    assert server.leftovers() == []


def test_a_file_over_the_limit_within_the_allowed_length_is_stopped_as_it_streams(server: Server) -> None:
    cookie, csrf = _signed_in(server, "officer1")
    head = _multipart_head(csrf, "big.csv")
    file_bytes = UPLOAD_LIMIT_MB * MB + 30 * 1024  # past the limit, inside the allowance for the form
    with socket.create_connection((server.host, server.port), timeout=30) as sock:
        sock.sendall(_headers(server, len(head) + file_bytes + len(TAIL), cookie) + head)
        line = b"URN,EstablishmentName\r\n" + b"100000,School\r\n" * 4000
        sent = 0
        try:
            while sent < file_bytes:
                chunk = line[: file_bytes - sent]
                sock.sendall(chunk)
                sent += len(chunk)
            sock.sendall(TAIL)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading at the limit, as it should
        status, _, body = _answer(sock, 30)
    assert status == 400 and f"The file must be smaller than {UPLOAD_LIMIT_MB} MB" in body
    assert server.leftovers() == []


def test_a_zip_bomb_workbook_is_refused_without_expanding_it(server: Server, tmp_path: Path) -> None:
    bomb = bombs.workbook(tmp_path / "inspections.xlsx", 1024**3, level=1).read_bytes()
    assert len(bomb) < UPLOAD_LIMIT_MB * MB  # 7.6 MB of zip, 1 GB of sheet
    cookie, csrf = _signed_in(server, "officer1")
    head = _multipart_head(csrf, "inspections.xlsx")
    body = head + bomb + TAIL
    with Watch(server.worker()) as watch, socket.create_connection((server.host, server.port), 60) as sock:
        sock.sendall(_headers(server, len(body), cookie) + body)
        status, _, page = _answer(sock, 60)
    print(f"zip bomb: worker {watch.start / MB:,.0f} MB before, peak {watch.peak / MB:,.0f} MB")
    assert not watch.killed, f"the worker reached {watch.peak / MB:,.0f} MB and was killed"
    assert status == 400, page[:500]
    assert "inspections.xlsx: the workbook expands to 1,025 MB when opened" in page
    assert watch.growth < WORKER_GROWTH, f"the worker grew by {watch.growth / MB:,.0f} MB"
    assert server.leftovers() == []
