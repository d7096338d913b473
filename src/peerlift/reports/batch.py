"""Every school's data pack of an LA, written to a folder (the CLI) or a ZIP (the background job).

Packs are made in parallel processes (PDF layout is the slow part and a machine has more than one
core); each process is spawned afresh and opens its own database connection. Each file is written
under a temporary name and renamed when whole, so a folder never holds half a pack.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Progress = Callable[[int, int, str], None]  # (done, total, the school just made)


@dataclass(frozen=True)
class Written:
    urn: int
    name: str
    path: Path


def file_name(urn: int, name: str, fmt: str) -> str:
    """``<urn>-<name in plain letters>.<fmt>``: safe on every file system and in a ZIP."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()[:60]
    return f"{urn}-{slug or 'school'}.{fmt}"


def write_one(urn: int, name: str, folder: Path, fmt: str, family: dict[str, Any] | None = None) -> Written:
    """One school's pack, written whole or not at all (``family``: its row from families_for)."""
    from peerlift.reports import datapack, render  # here: a spawned process sets Django up first

    body = render.render(datapack.build(urn, family=family), fmt)
    target = folder / file_name(urn, name, fmt)
    part = target.with_suffix(target.suffix + ".part")
    part.write_bytes(body)
    part.replace(target)
    return Written(urn, name, target)


def _start_process() -> None:
    """A new (spawned, not forked) process: Django set up from the same environment, so it opens its
    own connection to the same database (a forked one would share the parent's socket)."""
    import django

    django.setup()


def default_processes() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def write_la(
    la: int,
    folder: Path,
    fmt: str = "pdf",
    progress: Progress | None = None,
    processes: int | None = None,
) -> list[Written]:
    """Every open school's pack of the LA into ``folder``; ``progress`` is told after each one.
    Every school's family is read (or computed) once, in one pass, not once per pack."""
    from peerlift.reports import datapack
    from peerlift.store import families

    schools = datapack.la_schools(la)
    if not schools:
        raise datapack.PackError(f"the register holds no open school in LA {la}.")
    try:
        family = families.families_for([s["urn"] for s in schools])
    except families.FamiliesError as error:  # no census year held, say: every pack says why
        family = {s["urn"]: {"problem": str(error)} for s in schools}
    folder.mkdir(parents=True, exist_ok=True)
    tell = progress or (lambda done, total, name: None)
    total, written = len(schools), []
    workers = processes or default_processes()
    if workers == 1:
        for school in schools:
            written.append(write_one(school["urn"], school["name"], folder, fmt, family.get(school["urn"])))
            tell(len(written), total, school["name"])
        return written
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_process) as pool:
        futures = [
            pool.submit(write_one, s["urn"], s["name"], folder, fmt, family.get(s["urn"])) for s in schools
        ]
        for future in futures:
            done = future.result()
            written.append(done)
            tell(len(written), total, done.name)
    return written


def zip_packs(written: list[Written], target: Path) -> Path:
    """The packs in one ZIP, written whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_suffix(target.suffix + ".part")
    with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for pack in written:
            archive.write(pack.path, pack.path.name)
    part.replace(target)
    return target
