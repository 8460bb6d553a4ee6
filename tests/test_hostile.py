"""Hostile and unlucky input: files built to exhaust time or memory cost one line each, and the
rest of the files still land; long texts extract whole, with exact spans."""

from __future__ import annotations

import gc
import io
import os
import re
import subprocess
import zipfile
import zlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from docx import Document
from pdfmaker import make_pdf_content
from plan_texts import CITY_PLAN, COUNTY_PLAN
from typer.testing import CliRunner

from extractors import extract_text
from extractors.errors import ReadError
from extractors.readers import read
from graph.cli import app
from graph.store.local import open_store
from graph.store.validate import validate

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "01_yunxi_city_action_plan.txt"
_BODY_OPEN = b"<w:body>"


def invoke(*args: str):
    """Run the CLI in this process; a store it opened is closed when it returns (its objects collected)."""
    result = CliRunner().invoke(app, list(args))
    result.exc_info = result.exception = None  # the traceback would keep the command's store, and its lock, alive
    gc.collect()
    return result


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def docx_with_paragraphs(count: int) -> bytes:
    """A Word file whose body holds ``count`` one-character paragraphs: a few hundred KB that
    expand to ``count`` elements of XML."""
    buf = io.BytesIO()
    Document().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename != "word/document.xml":
                dst.writestr(info, data)
                continue
            head, tail = data.split(_BODY_OPEN, 1)
            with dst.open("word/document.xml", "w", force_zip64=True) as fh:
                fh.write(head + _BODY_OPEN)
                paragraph = "<w:p><w:r><w:t>教</w:t></w:r></w:p>".encode()
                for _ in range(count // 10_000):
                    fh.write(paragraph * 10_000)
                fh.write(tail)
    return out.getvalue()


def test_a_docx_expanding_to_millions_of_paragraphs_is_refused_in_one_line(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(docx_with_paragraphs(4_000_000))
    assert path.stat().st_size < 1_000_000  # small as stored
    result = invoke("extract", str(path), "--memory-limit", "1024")
    assert result.exit_code == 1
    [line] = _error_lines(result.output)
    assert re.fullmatch(rf"error: {re.escape(str(path))}: Word file expands to 1[34]\d MB of XML \(the limit is "
                        r"128 MB\); skipped", line)


def test_a_docx_whose_media_part_expands_to_gigabytes_is_refused_unread(tmp_path):
    """Not only its XML: python-docx reads every part it reaches, images included."""
    import zipfile

    path = tmp_path / "media-bomb.docx"
    path.write_bytes(docx_with_paragraphs(10))
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive, \
            archive.open("word/media/image1.png", "w", force_zip64=True) as part:
        for _ in range(40):
            part.write(bytes(16 * 2**20))  # 640 MB of zeros, a few hundred KB stored
    assert path.stat().st_size < 2_000_000
    result = invoke("extract", str(path))
    assert result.exit_code == 1
    assert _error_lines(result.output) == [f"error: {path}: Word file expands to 640 MB (the limit is 512 MB "
                                           "for all its parts); skipped"]


def test_a_pdf_with_millions_of_text_operators_is_refused_in_one_line(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(make_pdf_content(b"BT /F1 12 Tf 72 700 Td " + b"<6559> Tj " * 2_000_000 + b"ET", "教",
                                      compress=zlib.compress))
    assert path.stat().st_size < 100_000
    result = invoke("extract", str(path), "--memory-limit", "1024")
    assert result.exit_code == 1
    assert _error_lines(result.output) == [f"error: {path}: page 1 draws 2,000,000 pieces of text (the limit "
                                           "is 100,000 a page); skipped"]


@pytest.fixture(scope="module")
def slow_folder(tmp_path_factory) -> Path:
    """Two short plans and, between them, a long one that takes many seconds to extract."""
    root = tmp_path_factory.mktemp("slow") / "plans"
    root.mkdir()
    (root / "a.txt").write_text(COUNTY_PLAN, encoding="utf-8")
    (root / "b-long.txt").write_text(SAMPLE.read_text(encoding="utf-8") * 300, encoding="utf-8")
    (root / "c.txt").write_text(CITY_PLAN, encoding="utf-8")
    return root


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_file_past_the_time_limit_is_skipped_and_the_others_land(slow_folder, tmp_path, workers):
    result = invoke("build", str(slow_folder), "--store", str(tmp_path / "store"), "--workers", workers,
                    "--time-limit", "1")
    assert result.exit_code == 1
    assert _error_lines(result.output) == [f"error: {slow_folder / 'b-long.txt'}: extraction took longer "
                                           "than 1 s; skipped"]
    assert "files: 2 built, 1 failed" in result.output


def test_extract_stops_a_file_past_the_time_limit_too(slow_folder):
    result = invoke("extract", str(slow_folder), "--time-limit", "1")
    assert result.exit_code == 1
    assert _error_lines(result.output) == [f"error: {slow_folder / 'b-long.txt'}: extraction took longer "
                                           "than 1 s; skipped"]
    assert f"{slow_folder / 'a.txt'}: 2 document(s)" in result.output
    assert f"{slow_folder / 'c.txt'}: 1 document(s)" in result.output


def test_a_file_past_the_memory_limit_is_skipped(slow_folder):
    result = invoke("extract", str(slow_folder / "b-long.txt"), "--memory-limit", "64")
    assert result.exit_code == 1
    assert _error_lines(result.output) == [f"error: {slow_folder / 'b-long.txt'}: extraction needed more "
                                           "than 64 MB of memory; skipped"]


def test_text_over_the_stated_limit_is_refused_in_one_line(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(COUNTY_PLAN * 10, encoding="utf-8")
    result = invoke("extract", str(path), "--max-chars", "5000")
    assert result.exit_code == 1
    assert _error_lines(result.output) == [f"error: {path}: text too long (at least {len(COUNTY_PLAN) * 10:,} "
                                           "characters; the limit is 5,000); skipped"]
    assert "--max-chars" in invoke("extract", "--help").output


def _targets_by_copy(plan: str, copies: int) -> None:
    """Extract ``copies`` copies of ``plan`` as one text: every copy's targets are those of the plan
    alone, at the copy's offset, and every span quotes the text it was read from."""
    plan = plan if plan.endswith("\n") else plan + "\n"  # a copy starts on a line of its own
    single = [t for d in extract_text(plan).documents for t in d.targets]
    assert single
    record = extract_text(plan * copies)
    found = [t for d in record.documents for t in d.targets]
    want = [(t.span[0] + k * len(plan), t.span[1] + k * len(plan), t.value, t.unit, t.deadline)
            for k in range(copies) for t in single]
    assert sorted((t.span[0], t.span[1], t.value, t.unit, t.deadline) for t in found) == sorted(want)


def test_a_plan_of_one_and_a_half_million_characters_extracts_whole():
    plan = SAMPLE.read_text(encoding="utf-8")
    copies = 1_500_000 // len(plan) + 1
    _targets_by_copy(plan, copies)


def test_unreadable_files_and_folders_are_one_line_each_and_the_rest_is_read(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(CITY_PLAN, encoding="utf-8")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.txt").write_text(COUNTY_PLAN, encoding="utf-8")
    (tmp_path / "plans" / "shut").mkdir()
    (tmp_path / "plans" / "shut" / "y.txt").write_text(CITY_PLAN, encoding="utf-8")
    named = tmp_path / "named.txt"
    named.write_text(CITY_PLAN, encoding="utf-8")
    # the tests may run as root, whom permissions do not stop: the system's answers are injected
    closed = {str(tmp_path / "locked"), str(tmp_path / "plans" / "shut")}
    real_scandir, real_access = os.scandir, os.access

    def scandir(path="."):
        if os.fspath(path) in closed:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: os.fspath(path) != str(named)
                        and real_access(path, mode, **kw))
    result = invoke("extract", str(named), str(tmp_path / "locked"), str(tmp_path / "plans"))
    assert result.exit_code == 1
    assert sorted(_error_lines(result.output)) == sorted(
        f"error: {folder}: cannot read this folder (Permission denied); skipped" for folder in closed)
    assert f"{named}: 1 document(s)" in result.output and f"{tmp_path / 'plans' / 'a.txt'}: 2 document(s)" \
        in result.output


def test_a_file_that_cannot_be_read_is_one_line(tmp_path, monkeypatch):
    path = tmp_path / "plan.txt"
    path.write_text(COUNTY_PLAN, encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(ReadError, match=r"plan\.txt: cannot read \(Permission denied\)$"):
        read(path)


def test_symlink_loops_are_named_as_such(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.txt").write_text(COUNTY_PLAN, encoding="utf-8")
    (tmp_path / "plans" / "again").symlink_to(tmp_path / "plans")
    (tmp_path / "one.txt").symlink_to(tmp_path / "two.txt")
    (tmp_path / "two.txt").symlink_to(tmp_path / "one.txt")
    result = invoke("extract", str(tmp_path / "one.txt"), str(tmp_path / "plans"))
    assert result.exit_code == 1
    assert _error_lines(result.output) == [
        f"error: {tmp_path / 'plans' / 'again'}: a symbolic link loop (it leads back to {tmp_path / 'plans'}); "
        "skipped",
        f"error: {tmp_path / 'one.txt'}: a symbolic link loop (the link leads back to itself)"]
    assert f"{tmp_path / 'plans' / 'a.txt'}: 2 document(s)" in result.output


def test_a_newline_in_a_file_name_does_not_split_its_error_line(tmp_path):
    path = tmp_path / "bad\nname\u202e.txt"
    path.write_bytes(b"")
    result = invoke("extract", str(path))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output == f"error: {tmp_path}/bad\\nname\\u202e.txt: empty file\n"


def test_bidi_controls_are_kept_out_of_names_and_in_quotes():
    text = "（一）到2025年，全市学前三年毛入园率达到95%以上。（市教育\u202e局牵头）"
    doc = extract_text(text).documents[0]
    [department] = [e for e in doc.entities if e.type == "Department"]
    assert department.name == "市教育局"
    start, end = department.spans[0]
    assert text[start:end] == "市教育\u202e局"


def _bulk_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("bulk-*.sst"))


def test_a_refused_write_is_one_line_naming_the_store_and_leaves_no_bulk_file(tmp_path, monkeypatch):
    import errno

    from graph.build import loader

    (tmp_path / "first.txt").write_text(COUNTY_PLAN, encoding="utf-8")
    (tmp_path / "second.txt").write_text(CITY_PLAN, encoding="utf-8")
    store_dir = tmp_path / "store"
    assert invoke("build", str(tmp_path / "first.txt"), "--store", str(store_dir)).exit_code == 0
    before = len(ox.Store(str(store_dir)))

    def disk_full(part, store):
        (store_dir / "bulk-1234.sst").write_bytes(b"half an index")  # what the loader leaves behind
        raise OSError(errno.ENOSPC, "IO error: No space left on device")

    monkeypatch.setattr(loader._Part, "load", disk_full)
    result = invoke("build", str(tmp_path / "second.txt"), "--store", str(store_dir))
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {store_dir}: cannot write the graph store (the disk is full)")
    assert result.output.count("\n") == 1 and not _bulk_files(store_dir)
    store = ox.Store(str(store_dir))
    assert len(store) == before and validate(store).conforms


@pytest.fixture
def small_disk(tmp_path) -> Path:
    """A 4 MB filesystem (tmpfs), where the system can mount one."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                                           capture_output=True).returncode:
        pytest.skip("cannot mount a small filesystem here (needs root and tmpfs)")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_building_onto_a_full_disk_is_one_line_and_the_store_opens_afterwards(small_disk, tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    sample = SAMPLE.read_text(encoding="utf-8")
    for i in range(60):
        (plans / f"p{i:02d}.txt").write_text(sample.replace("云溪市", f"云溪{i}市"), encoding="utf-8")
    store_dir = small_disk / "store"
    assert invoke("build", str(plans / "p00.txt"), "--store", str(store_dir)).exit_code == 0
    result = invoke("build", str(plans), "--store", str(store_dir))
    assert result.exit_code == 1
    assert result.output == (f"error: {store_dir}: cannot write the graph store (the disk is full); the graphs "
                             "of files this build did not change are kept, and the next build adds the rest\n")
    assert not _bulk_files(store_dir)
    again = invoke("build", str(plans / "p00.txt"), "--store", str(store_dir))
    assert again.exit_code == 0 and "unchanged files skipped: 1" in again.output
    reopened = ox.Store.read_only(str(store_dir))
    assert validate(reopened).conforms
    del reopened
    gc.collect()  # before the filesystem is unmounted


def test_bulk_files_left_by_a_killed_build_are_removed_when_the_store_is_opened(tmp_path):
    from test_sigkill import _kill_while_writing_the_second_batch

    plans = tmp_path / "plans"
    plans.mkdir()
    for i in range(12):
        (plans / f"p{i:02d}.txt").write_text(COUNTY_PLAN.replace("清河县", f"清河{i}县"), encoding="utf-8")
    store_dir = tmp_path / "store"
    _kill_while_writing_the_second_batch(["build", str(plans), "--store", str(store_dir), "--batch-quads", "1"],
                                         store_dir)
    (store_dir / "bulk-98765.sst").write_bytes(b"\0" * 4096)  # as a kill leaves it, whatever the timing
    store = open_store(store_dir)
    assert not _bulk_files(store_dir)
    assert validate(store).conforms


def test_a_page_nested_a_hundred_thousand_divs_deep_gives_its_text(tmp_path):
    path = tmp_path / "deep.html"
    text = "一、总体要求\n到2025年，学前三年毛入园率达到95%以上。"
    body = "<div>" * 100_000 + text.replace("\n", "<br>") + "<script>var x = 1;</script>" + "</div>" * 100_000
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    assert read(path).text == text


def test_copies_of_a_real_plan_past_one_and_a_half_million_characters_extract_whole(shared):
    # a seed that is one plan (the largest seed is a compilation, whose repeated pages are dropped as such)
    text = (shared / "corpus" / "seeds" / "002_30eb4760572a9bad.txt").read_text(encoding="utf-8")
    _targets_by_copy(text, 1_500_000 // len(text) + 1)


def _square_or_die(n: int) -> int:
    if n == 2:
        os._exit(3)  # as a crash in C code, or the system's memory killer, ends a worker
    return n * n


def test_a_worker_that_dies_costs_its_file_only():
    from graph.build.workers import run_bounded

    assert list(run_bounded(_square_or_die, [1, 2, 3, 4], 2)) == [
        (True, 1), (False, "2: extraction stopped (the worker process ended, exit code 3); skipped"),
        (True, 9), (True, 16)]
