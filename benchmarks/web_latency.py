"""Web latency benchmark: the LA dashboard, school, LA and schools-list pages under load, via gunicorn.

Loads national-scale data into a fresh SQLite database (synthetic national GIAS, Ofsted MI, KS2, KS4,
census; plus the real LAIT statistics and neighbour workbook from ../shared/data when they are there),
serves it with `peerlift serve` on a free loopback port, signs in as an LA officer through the sign-in
form, then drives the dashboard, random school pages, the LA's page and the schools list with `wrk`
(20 connections each, after a warm-up)
and prints each page's p50/p95/p99 latency and throughput (target: p95 under 150 ms). Then it does
it all again while another process imports one national GIAS extract after another (each a few
days newer than the last, so each commit changes the register and makes every cached page stale),
and prints the same figures under that load (issue 8, defect 12). `make benchmark` installs wrk
from Debian's packages.

    uv run python benchmarks/web_latency.py [--seconds 20] [--clients 20] [--workers 2] [--no-import]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from peerlift.demo import generate

LA = 331  # Coventry: in the national synthetic register and in the real LAIT file
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "la_stats"
LA_STATS = [
    SHARED / "lait_current_metadata" / "la_code_list.xlsx",
    SHARED / "lait_current_metadata" / "lait_data_dictionary.csv",
    SHARED / "lait_20241115" / "bds_long_0.parquet",
    SHARED / "lait_current_metadata" / "sn_april_2021.xlsx",
]


def peerlift(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "peerlift.cli", *args], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"peerlift {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"the server did not answer at {url}")


def signed_in_opener(
    base: str, username: str, password: str
) -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    """An opener holding a signed-in session, got through the real sign-in form (CSRF included)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/sign-in").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    if token is None:
        sys.exit("no CSRF token on the sign-in page")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(f"{base}/sign-in", data=data, headers={"Referer": f"{base}/sign-in"})
    page = opener.open(request).read().decode()
    if "Sign out" not in page:
        sys.exit("signing in failed")
    return opener, jar


WRK_SCRIPT = """
local paths = {%s}
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Cookie"] = "%s"})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%d %%d\\n", summary.requests, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.timeout))
end
"""


def wrk(base: str, paths: list[str], cookie: str, clients: int, seconds: float, folder: Path) -> list[int]:
    """requests, p50, p95, p99 (microseconds) and errors of a wrk run over these paths."""
    script = folder / "paths.lua"
    script.write_text(WRK_SCRIPT % (", ".join(f'"{p}"' for p in paths), cookie))
    result = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(clients),
            "-d",
            f"{seconds:.0f}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT"))
    return [int(x) for x in line.split()[1:]]


IMPORTER = """
import datetime as dt, os, sys
from pathlib import Path
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerlift.settings")
import django
django.setup()
from peerlift.store.imports import import_file
source, folder = Path(sys.argv[1]), Path(sys.argv[2])
header, _, rows = source.read_bytes().partition(b"\\n")
for day in range(10_000):
    name = folder / f"edubasealldata{dt.date(2030, 1, 1) + dt.timedelta(days=day):%Y%m%d}.csv"
    name.write_bytes(header + b"\\n" + rows.replace(b"School", f"School {day:04d}".encode(), 1))
    import_file(name, user="benchmark")
    name.unlink()
    print(day + 1, flush=True)
"""


def start_importer(env: dict[str, str], extract: Path, folder: Path) -> subprocess.Popen[str]:
    """A process importing newer and newer copies of the national GIAS extract until stopped;
    it prints how many it has committed."""
    folder.mkdir(exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(extract), str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def stop_importer(importer: subprocess.Popen[str]) -> int:
    """Stop the importer; the number of imports it committed."""
    importer.terminate()
    out, _ = importer.communicate(timeout=60)
    lines = out.split()
    return int(lines[-1]) if lines else 0


def report(title: str, results: dict[str, list[int]], seconds: float) -> None:
    print(title)
    for kind, (count, p50, p95, p99, errors) in results.items():
        rate = count / seconds
        print(
            f"  {kind:<13} {count:6d} requests ({rate:4.0f}/s)  p50 {p50 / 1000:5.0f} ms  "
            f"p95 {p95 / 1000:5.0f} ms  p99 {p99 / 1000:5.0f} ms  errors {errors}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-import", action="store_true", help="Skip the run with an import going on.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'web.sqlite3'}", "PEERLIFT_HOME": folder}
        files = generate(work / "files", seed=0, national=True)
        extra = [p for p in LA_STATS if p.exists()]
        started = time.perf_counter()
        peerlift(env, "import", *map(str, files + extra))
        print(
            f"loaded {len(files)} national synthetic files and {len(extra)} real LA statistics files "
            f"in {time.perf_counter() - started:.0f}s"
        )
        logins = peerlift(env, "demo-users", "--la", str(LA))
        password = next(
            line.split("│")[3].strip() for line in logins.splitlines() if f"demo-officer-{LA}" in line
        )
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "peerlift.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/accessibility", 300)  # migrating and collecting static files first
            opener, jar = signed_in_opener(base, f"demo-officer-{LA}", password)
            schools = re.findall(
                r'href="/schools/(\d+)"', opener.open(f"{base}/schools?la={LA}").read().decode()
            )
            cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
            pages = {
                "LA dashboard": [f"/las/{LA}/picture"],
                "school page": [f"/schools/{u}" for u in schools],
                "LA page": [f"/las/{LA}"],
                "schools list": [f"/schools?la={LA}", "/schools", "/schools?q=primary"],
            }
            began = time.perf_counter()
            opener.open(f"{base}/las/{LA}/picture").read()
            print(f"first LA dashboard computed in {time.perf_counter() - began:.1f}s", flush=True)
            for paths in pages.values():  # warm up: every worker computes and caches what it serves
                wrk(base, paths, cookie, args.clients, 5, work)
            results = {
                kind: wrk(base, paths, cookie, args.clients, args.seconds, work)
                for kind, paths in pages.items()
            }
            during: dict[str, list[int]] = {}
            imported = 0
            if not args.no_import:
                extract = next(p for p in files if p.name.startswith("edubasealldata"))
                importer = start_importer(env, extract, work / "extracts")
                try:
                    during = {
                        kind: wrk(base, paths, cookie, args.clients, args.seconds, work)
                        for kind, paths in pages.items()
                    }
                finally:
                    imported = stop_importer(importer)
        finally:
            server.terminate()
            server.wait()
        print(f"wrk, {args.clients} connections, {args.seconds:.0f}s a page, {args.workers} gunicorn workers")
        print("target: p95 under 150 ms")
        report("no import running:", results, args.seconds)
        if during:
            report(
                f"while national GIAS extracts are imported one after another ({imported} committed):",
                during,
                args.seconds,
            )


if __name__ == "__main__":
    main()
