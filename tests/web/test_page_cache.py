"""Cached pages after an import (issue 8, defect 12): one rebuild per page, readers keep the last page.

Twenty readers at once ask for a page whose entry an import has just made stale; the page must be
computed once, not once per reader, and each reader must get the last page straight away.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection

from peerlift.store.models import Import
from peerlift.web import pages

pytestmark = pytest.mark.django_db(transaction=True)  # the rebuild thread must see the imports

READERS = 20


def _import(name: str) -> None:
    Import.objects.create(file_name=name, sha256="0" * 64, kind="gias_links", status="loaded", loaded_by="t")


def _readers(compute) -> list[tuple[object, float]]:  # type: ignore[no-untyped-def]
    """What each of READERS threads got from remember(), and how long it waited."""
    got: list[tuple[object, float]] = []
    start = threading.Barrier(READERS)

    def read() -> None:
        start.wait()
        began = time.perf_counter()
        value = pages.remember(("test-page",), compute)
        got.append((value, time.perf_counter() - began))
        connection.close()

    threads = [threading.Thread(target=read) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return got


def test_a_stale_page_is_rebuilt_once_while_readers_get_the_last_one(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PEERLIFT_PAGE_REBUILD = "background"
    cache.clear()
    _import("first.csv")
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        time.sleep(0.5)  # a page that takes a while to compute, as the LA dashboard does
        return f"page {len(calls)}"

    assert pages.remember(("test-page",), compute) == "page 1"
    _import("second.csv")  # the register changes: the entry is stale
    got = _readers(compute)
    assert [value for value, _ in got] == ["page 1"] * READERS
    assert max(waited for _, waited in got) < 0.5  # nobody waited for the rebuild
    deadline = time.monotonic() + 10
    while pages.remember(("test-page",), compute) != "page 2" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pages.remember(("test-page",), compute) == "page 2"
    assert len(calls) == 2  # the first computation and one rebuild, not one per reader


def test_inline_the_first_reader_rebuilds_and_the_others_get_the_last_page(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PEERLIFT_PAGE_REBUILD = "inline"
    cache.clear()
    _import("first.csv")
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        time.sleep(0.5)
        return f"page {len(calls)}"

    pages.remember(("test-page",), compute)
    _import("second.csv")
    got = sorted(value for value, _ in _readers(compute))
    assert got == ["page 1"] * (READERS - 1) + ["page 2"]
    assert len(calls) == 2
