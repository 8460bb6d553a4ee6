"""The command line: each command does its job; user errors are one line and a non-zero exit."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from graph.cli import app

PLAN = ("甲县教育局关于印发甲县学前教育实施方案的通知\n一、总体要求\n"
        "到2025年，学前三年毛入园率达到90%以上。\n甲县教育局\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    (root / "plan.txt").write_text(PLAN, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(root / "plan.txt"), "--store", str(root / "store")])
    assert result.exit_code == 0, result.output
    return root


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_every_command_has_a_manual():
    for command in ("extract", "build", "query", "export", "validate", "render", "evaluate", "demo"):
        result = invoke(command, "--help")
        assert result.exit_code == 0 and "Usage" in result.output


def test_build_prints_a_summary(built, tmp_path):
    result = invoke("build", str(built / "plan.txt"), "--store", str(tmp_path / "store"))
    assert "files: 1 built, 0 failed" in result.output
    result = invoke("build", str(built / "plan.txt"), "--store", str(tmp_path / "store"))
    assert "files: 0 built, 0 failed" in result.output and "unchanged files skipped: 1" in result.output


def test_extract_json_of_one_file_and_out_dir(built, tmp_path):
    result = invoke("extract", str(built / "plan.txt"), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"] == str(built / "plan.txt")
    result = invoke("extract", str(built / "plan.txt"), "--out", str(tmp_path / "pred"))
    assert result.exit_code == 0 and (tmp_path / "pred" / "plan.json").is_file()


def test_extract_reports_unreadable_files_and_exits_1(built, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = invoke("extract", str(tmp_path / "empty.txt"), str(built / "plan.txt"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.output
    assert (tmp_path / "o" / "plan.json").is_file()


def test_query_formats_and_named_queries(built):
    store = str(built / "store")
    result = invoke("query", "--store", store, "-f", "json", "SELECT ?s WHERE { ?d dcterms:source ?s }")
    assert json.loads(result.stdout)["results"]["bindings"][0]["s"]["value"].endswith("plan.txt")
    assert "most-cited" in invoke("query", "--list").output
    result = invoke("query", "--store", store, "--name", "indicator-targets", "--param", "indicator=学前三年毛入园率",
                    "-f", "csv")
    assert result.exit_code == 0 and result.stdout.startswith("region,")


@pytest.mark.parametrize("args, message", [
    (("query", "--store", "NOSTORE", "SELECT * { ?s ?p ?o }"), "no graph store here"),
    (("query", "--store", "STORE", "SELEC x"), "SPARQL syntax error"),
    (("query", "--store", "STORE", "--name", "nope"), "no named query 'nope'"),
    (("query", "--store", "STORE", "--name", "most-cited", "--param", "oops"), "--param takes key=value"),
    (("query", "--store", "STORE", "-f", "xml", "ASK {}"), "unknown --format"),
    (("export", "--store", "STORE", "-f", "docx", "-o", "OUT"), "unknown --format"),
    (("validate", "--store", "NOSTORE"), "no graph store here"),
    (("evaluate", "GOLD", "INPUT", "--scorer", "NOSCORER"), "no scorer here"),
    (("query", "--store", "STORE", "SELECT ?t WHERE { VALUES ?t { " + '"学前教育" ' * 40 + "} FILTER(false) }"),
     "0 row(s)"),  # longer than a file name may be: text, not a path
    (("query", "--store", "STORE", "missing-query.rq"), "missing-query.rq: no such query file"),
    (("query", "--store", "STORE", "--name", "most-cited", "--param", "min=abc"), "min takes a whole number"),
    (("export", "--store", "STORE", "-o", "/nonexistent/dir/x.ttl"), "the folder /nonexistent/dir does not exist"),
    (("build", "NOSTORE/nothing-here", "--store", "NOSTORE"), "no such file or folder; nothing to build"),
])
def test_user_errors_are_one_line_without_traceback(built, args, message):
    args = [a.replace("NOSTORE", str(built / "none")).replace("STORE", str(built / "store"))
            .replace("OUT", str(built / "out.x")).replace("NOSCORER", str(built / "none.py")) for a in args]
    result = invoke(*args)
    assert (result.exit_code == 0) == (message == "0 row(s)"), result.output
    assert message in result.output
    assert "Traceback" not in result.output and result.exception in (None,) or isinstance(result.exception, SystemExit)
    assert not (built / "none").exists()


def test_a_query_file_in_another_encoding_is_read(built, tmp_path):
    query = tmp_path / "gb.rq"
    query.write_bytes('SELECT ?t WHERE { ?d dcterms:title ?t FILTER(CONTAINS(?t, "学前教育")) }'.encode("gb18030"))
    result = invoke("query", "--store", str(built / "store"), "-f", "csv", str(query))
    assert result.exit_code == 0, result.output
    assert "学前教育实施方案" in result.stdout
    (tmp_path / "junk.rq").write_bytes(bytes(range(256)) * 4)
    result = invoke("query", "--store", str(built / "store"), str(tmp_path / "junk.rq"))
    assert result.exit_code == 1 and "junk.rq: " in result.output and "Traceback" not in result.output


def test_names_are_printed_as_they_are_not_as_markup(tmp_path):
    odd = tmp_path / "报告[bold red]2020[ok].txt"
    odd.write_bytes(b"")
    closing = tmp_path / "x[" / "b].txt"
    closing.parent.mkdir()
    closing.write_text(PLAN, encoding="utf-8")
    result = invoke("extract", str(odd), str(closing))
    assert result.exit_code == 1
    assert f"{odd}: empty file" in result.output
    assert f"{closing}: 1 document(s)" in result.output


def test_query_table_wraps_titles_and_shortens_iris(built):
    result = CliRunner().invoke(app, ["query", "--store", str(built / "store"),
                                      "SELECT ?d ?t WHERE { ?d a eli:LegalResource ; dcterms:title ?t }"],
                                terminal_width=60)
    assert result.exit_code == 0
    assert "…" not in re.sub(r"\w+:[0-9a-f]{8}…", "", result.stdout)  # only IRIs are shortened, never titles
    assert "doc:" in result.stdout and "https://" not in result.stdout
    assert "通知" in result.stdout  # the end of a title longer than the column is still there
    assert "--format csv" in result.stdout


def test_flags_are_shown_as_flags_in_help():
    result = invoke("extract", "--help")
    assert "--json " in result.output and "<bool>" not in result.output


def test_build_summary_counts_the_store_and_names_gone_files(built, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(PLAN.replace("甲县", name[0] + "县"), encoding="utf-8")
    store = str(tmp_path / "store")
    assert invoke("build", str(folder), "--store", store).exit_code == 0
    result = invoke("build", str(folder), "--store", store)
    assert "documents: 0 built, 2 in the store" in result.output
    (folder / "b.txt").unlink()
    result = invoke("build", str(folder), "--store", store)
    assert "files gone from the folders built: 1" in result.output and "--prune" in result.output
    result = invoke("build", str(folder), "--store", store, "--prune")
    assert "graphs of removed files dropped: 1" in result.output and "1 in the store" in result.output


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nq", "jsonld", "graphml", "gexf"])
def test_export_formats(built, fmt):
    out = built / f"graph.{fmt}"
    result = invoke("export", "--store", str(built / "store"), "-f", fmt, "-o", str(out))
    assert result.exit_code == 0 and out.stat().st_size > 0


def test_validate_passes_on_a_built_store(built):
    result = invoke("validate", "--store", str(built / "store"))
    assert result.exit_code == 0 and "conforms" in result.output


def test_evaluate_runs_the_scorer_on_extracted_inputs(built, tmp_path, echo_scorer):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "plan.json").write_text('{"documents": []}', encoding="utf-8")
    (tmp_path / "gold" / "other.json").write_text('{"documents": []}', encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "gold"), str(built / "plan.txt"),
                                      "--scorer", str(echo_scorer)])
    assert result.exit_code == 0
    # Only the gold of the inputs given is scored, so a subset is not scored as all-missed.
    assert "pred ['plan.json'] gold ['plan.json']" in result.stdout


def test_evaluate_names_inputs_without_gold(built, tmp_path, echo_scorer):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "plan.json").write_text('{"documents": []}', encoding="utf-8")
    (tmp_path / "stray.txt").write_text(PLAN, encoding="utf-8")
    scorer = str(echo_scorer)
    result = invoke("evaluate", str(tmp_path / "gold"), str(tmp_path / "stray.txt"), "--scorer", scorer)
    assert result.exit_code == 1 and "pred" not in result.stdout
    assert "no gold annotation in" in result.output and "stray.json" in result.output
    result = invoke("evaluate", str(tmp_path / "gold"), str(tmp_path / "stray.txt"), str(built / "plan.txt"),
                    "--scorer", scorer)
    assert result.exit_code == 0
    assert "stray.txt: no gold annotation" in result.output and "pred ['plan.json']" in result.output


def test_demo_builds_the_samples(tmp_path):
    result = invoke("demo", "--out", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo" / "graph.trig").stat().st_size > 0
    assert (tmp_path / "demo" / "views" / "index.html").is_file()
    quads = int(next(line for line in result.output.splitlines() if line.startswith("quads")).split()[-1])
    assert quads >= 200


def test_extract_out_that_is_a_file_is_one_line(built, tmp_path):
    (tmp_path / "taken").write_text("not a folder", encoding="utf-8")
    result = invoke("extract", str(built / "plan.txt"), "--out", str(tmp_path / "taken"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{tmp_path / 'taken'}: cannot write the exports there" in result.output
