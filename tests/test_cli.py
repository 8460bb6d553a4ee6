"""The command line: each command does its job; user errors are one line and a non-zero exit."""

from __future__ import annotations

import json

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
])
def test_user_errors_are_one_line_without_traceback(built, args, message):
    args = [a.replace("NOSTORE", str(built / "none")).replace("STORE", str(built / "store"))
            .replace("OUT", str(built / "out.x")).replace("NOSCORER", str(built / "none.py")) for a in args]
    result = invoke(*args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nq", "jsonld", "graphml", "gexf"])
def test_export_formats(built, fmt):
    out = built / f"graph.{fmt}"
    result = invoke("export", "--store", str(built / "store"), "-f", fmt, "-o", str(out))
    assert result.exit_code == 0 and out.stat().st_size > 0


def test_validate_passes_on_a_built_store(built):
    result = invoke("validate", "--store", str(built / "store"))
    assert result.exit_code == 0 and "conforms" in result.output


def test_evaluate_runs_the_scorer_on_extracted_inputs(built, tmp_path):
    scorer = tmp_path / "score.py"
    scorer.write_text("import os, sys\nprint('pred', sorted(os.listdir(sys.argv[2])), 'gold', sys.argv[1])\n",
                      encoding="utf-8")
    (tmp_path / "gold").mkdir()
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "gold"), str(built / "plan.txt"),
                                      "--scorer", str(scorer)])
    assert result.exit_code == 0


def test_demo_builds_the_samples(tmp_path):
    result = invoke("demo", "--out", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo" / "graph.trig").stat().st_size > 0
    assert (tmp_path / "demo" / "views" / "index.html").is_file()
    quads = int(next(line for line in result.output.splitlines() if line.startswith("quads")).split()[-1])
    assert quads >= 200
