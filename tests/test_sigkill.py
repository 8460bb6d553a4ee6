"""A build killed with SIGKILL mid-way leaves a store that opens, validates and holds whole files
only; the next build completes it to exactly what an uninterrupted build writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from plan_texts import COUNTY_PLAN

from graph.build.parallel import stored_files
from graph.build.run import build
from graph.store.export import sorted_quads
from graph.store.validate import validate

FILES = 24  # each its own batch (--batch-quads 1), so the build is killed between two loads
BUILD = "import sys; from graph.cli import app; sys.argv[0] = 'edukg'; app()"


def _graphs(store: ox.Store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for graph, _ in stored_files(store).items():
        out[graph] = {str(q) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}
    return out


def _kill_while_writing_the_second_batch(args: list[str], store_dir: Path) -> None:
    """Start a build and SIGKILL it while the bulk loader writes its second batch of files.

    The loader's ``bulk-*.sst`` files exist from the start of a batch's write until its
    ingestion; seeing them appear a second time means batch one is in and batch two is not.
    """
    process = subprocess.Popen([sys.executable, "-c", BUILD, *args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    appearances, writing = 0, False
    deadline = time.monotonic() + 300
    while process.poll() is None and time.monotonic() < deadline and appearances < 2:
        now = store_dir.is_dir() and any(store_dir.glob("bulk-*"))
        appearances += now and not writing
        writing = now
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)  # the build and its workers, as a crash would
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the build ended before it could be killed"


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sigkill") / "plans"
    root.mkdir()
    for i in range(FILES):
        text = (COUNTY_PLAN.replace("〔2024〕7号", f"〔2024〕{i + 1}号").replace("6所", f"{i % 9 + 1}所")
                .replace("学前教育提质", f"学前教育第{i + 1}批提质"))
        (root / f"plan-{i:03d}.txt").write_text(text, encoding="utf-8")
    return root


def test_a_killed_build_leaves_whole_files_and_the_next_build_completes_it(plans, tmp_path):
    reference = ox.Store(str(tmp_path / "reference"))
    build(reference, [plans], jobs=2)
    whole = _graphs(reference)
    assert len(whole) == FILES

    store_dir = tmp_path / "store"
    args = ["build", str(plans), "--store", str(store_dir), "--workers", "2", "--batch-quads", "1"]
    _kill_while_writing_the_second_batch(args, store_dir)

    store = ox.Store(str(store_dir))  # opens after the crash
    survived = _graphs(store)
    assert 0 < len(survived) < FILES
    assert all(survived[g] == whole[g] for g in survived), "a file graph was left half written"
    sources = {q.graph_name.value for q in store.quads_for_pattern(None, None, None, None)}
    assert all(g in survived for g in sources if "/graph/file/" in g), "a file graph lacks its hash"
    assert validate(store).conforms

    summary = build(store, [plans])
    assert (summary.files, summary.unchanged) == (FILES - len(survived), len(survived))
    assert sorted_quads(store) == sorted_quads(reference)
