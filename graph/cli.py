"""The ``edukg`` command line: thin commands over the Python API.

Every error a user can cause (a missing store, an unreadable file, a bad query)
is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress, track
from rich.table import Table
from rich.text import Text

from extractors.errors import EdukgError
from extractors.export import to_json
from graph.api import (
    BATCH_QUADS,
    DEFAULT_LIMITS,
    DEFAULT_STORE,
    FORMATS,
    RESULT_FORMATS,
    FileLimits,
    KnowledgeGraph,
    RemoteStore,
    check_export,
    find_files,
    last_build,
    named_queries,
    require_sources,
    rows,
    serialize,
    sparql_for,
)
from graph.api import demo as build_demo
from graph.api import evaluate as evaluate_inputs
from graph.api import extract as extract_files

app = typer.Typer(help="Knowledge graphs of Chinese education policy plans: extract, build, query, "
                       "validate, export and view.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)
# Markup and highlighting off: file names, titles and errors are printed as the text they are
# (a file called ``报告[bold red]2020[ok].pdf`` is reported by that name); styles come from Text.
out = Console(soft_wrap=True, markup=False)
err = Console(stderr=True, soft_wrap=True, markup=False)
T = TypeVar("T")

StoreOption = Annotated[Path, typer.Option("--store", "-s", help="The graph store directory.")]
EndpointOption = Annotated[str | None, typer.Option(help="A SPARQL 1.1 endpoint URL (a remote store).")]
DEFAULT_SCORER = Path("..") / "shared" / "tools" / "score.py"
_LIMITS = DEFAULT_LIMITS
TimeLimitOption = Annotated[float, typer.Option("--time-limit", min=0.1, help="Seconds one file may take; a file "
                                                "that takes longer is skipped and reported.")]
MemoryLimitOption = Annotated[int, typer.Option("--memory-limit", min=64, help="MB of memory one file's "
                                                "extraction may hold; beyond, it is skipped and reported.")]
MaxCharsOption = Annotated[int, typer.Option("--max-chars", min=1, help="Characters of text one file may hold "
                                             "once decompressed and decoded (DOCX, PDF, HTML, text); longer "
                                             "files are skipped and reported.")]


class UsageError(EdukgError):
    """Arguments that do not fit together; ``str()`` is the one line shown."""


def _error(message: object) -> None:
    """One error line on stderr, the message as plain text."""
    err.print(Text.assemble(("error: ", "red"), str(message)))


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except EdukgError as exc:
        _error(exc)
        raise typer.Exit(1) from None


def _progress(items: Iterable[T], total: int) -> Iterable[T]:
    if not err.is_terminal:
        return items
    return track(items, total=total, description="building", console=err, transient=True)


@app.command()
def extract(files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Files or folders to extract.",
                                                        readable=False)],
            json_out: Annotated[bool, typer.Option("--json", help="Print the JSON export of one file.")]
            = False,
            out_dir: Annotated[Path | None, typer.Option("--out", help="Write <name>.json per file here.")]
            = None,
            time_limit: TimeLimitOption = _LIMITS.seconds,
            memory_limit: MemoryLimitOption = _LIMITS.memory_mb,
            max_chars: MaxCharsOption = _LIMITS.text_chars) -> None:
    """Extract documents, entities, targets and relations from plans (the --json export contract).

    With one FILE and --json the export is printed; with --out DIR one <name>.json is written per
    file (foo.txt → DIR/foo.json); otherwise a one-line summary per file. A file that cannot be
    read, or that passes --time-limit, --memory-limit or --max-chars, is reported on stderr and
    skipped; the exit status is then 1.
    """
    with _user_errors():
        found = find_files(list(files))
        paths = found.files
        if json_out and out_dir is None and len(paths) != 1:
            raise UsageError(f"--json prints one file but {len(paths)} were given; use --out DIR for several")
        records = extract_files(paths, limits=FileLimits(time_limit, memory_limit, max_chars), out_dir=out_dir)
    for problem in found.problems:
        _error(problem)
    failed = len(found.problems)
    for path, record in records:
        if isinstance(record, str):
            _error(record)
            failed += 1
        elif out_dir is None and json_out:  # with --out the record is already written
            sys.stdout.write(to_json(record))
        elif out_dir is None:
            docs = record.documents
            out.print(f"{path}: {len(docs)} document(s), {sum(len(d.entities) for d in docs)} entities, "
                      f"{sum(len(d.targets) for d in docs)} targets, "
                      f"{sum(len(d.relations) for d in docs)} relations")
    if failed:
        raise typer.Exit(1)


@app.command()
def build(paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Files and folders (recursive) to build.",
                                                      readable=False)],
          store: StoreOption = Path(DEFAULT_STORE),
          jobs: Annotated[int, typer.Option("--workers", "--jobs", "-j", min=1,
                                            help="Extraction processes, and bulk loads side by side.")] = 1,
          scheduler: Annotated[str | None, typer.Option(help="Extract on this Dask cluster (tcp://HOST:PORT).")]
          = None,
          prune: Annotated[bool, typer.Option("--prune", help="Drop graphs of files gone from PATH...")]
          = False,
          endpoint: EndpointOption = None,
          graph_store: Annotated[str | None, typer.Option(help="Graph Store Protocol URL for --endpoint.")]
          = None,
          batch_quads: Annotated[int, typer.Option(min=1, help="Quads per bulk load (spooled first, about "
                                                   "220 bytes each).")] = BATCH_QUADS,
          time_limit: TimeLimitOption = _LIMITS.seconds,
          memory_limit: MemoryLimitOption = _LIMITS.memory_mb,
          max_chars: MaxCharsOption = _LIMITS.text_chars,
          ) -> None:
    """Build plans into the graph store: one named graph per file, replaced when rebuilt.

    Files whose content is unchanged since the last build are skipped; --prune drops the graphs
    of files under PATH... that are gone. Extraction runs in --workers processes, or on a Dask
    cluster with --scheduler (its workers must see the same paths); one writer loads the store,
    --batch-quads at a time (results wait in memory up to 512 MB, then in a temporary file; lower
    it if that space is short).
    With --endpoint the SPARQL 1.1 server is then brought level with the store: changed graphs
    are sent (by PUT to --graph-store when given, else by SPARQL Update), removed ones dropped.
    Prints a summary (files, documents, quads, resolved citations). Files that cannot be read,
    or that pass --time-limit, --memory-limit or --max-chars, are reported and skipped, and the
    exit status is then 1.
    """
    with _user_errors():
        require_sources(paths)
        kg = KnowledgeGraph.open(store)
        summary = kg.build(paths, jobs=jobs, scheduler=scheduler, prune=prune, batch_quads=batch_quads,
                           limits=FileLimits(time_limit, memory_limit, max_chars), progress=_progress)
        lines = summary.lines()
        if endpoint:
            lines += kg.push(endpoint, graph_store=graph_store).lines()
    for failure in summary.failures:
        _error(failure)
    for line in lines:
        out.print(line)
    if summary.failures:
        raise typer.Exit(1)


def _print_table(result: object) -> None:
    """Rows for people: long Chinese titles wrap (folded by character, never cut), IRIs are short."""
    header, body = rows(result)  # type: ignore[arg-type]
    table = Table(show_lines=False)
    for i, name in enumerate(header):
        short = all(len(row[i]) <= 16 for row in body)  # IRIs, numbers, dates: kept on one line
        table.add_column(name, overflow="fold", no_wrap=short, min_width=len(name) if short else None)
    for row in body:
        table.add_row(*row)
    out.print(table)
    out.print(f"{len(body)} row(s); whole IRIs and values: --format csv (or tsv, json)")


@app.command()
def query(sparql: Annotated[str | None, typer.Argument(metavar="SPARQL|FILE",
                                                       help="SPARQL text, or a file holding it.")] = None,
          store: StoreOption = Path(DEFAULT_STORE),
          fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv or json.")] = "table",
          list_: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
          name: Annotated[str | None, typer.Option("--name", "-n", help="Run a named query.")] = None,
          param: Annotated[list[str] | None, typer.Option("--param", "-p", help="k=v for a named query.")]
          = None,
          endpoint: EndpointOption = None,
          ) -> None:
    """Query the graph with SPARQL (the default graph is the union of all graphs).

    The project's prefixes (eli, dcterms, skos, schema, org, prov, oa, edukg …) are predeclared.
    csv, tsv and json are the SPARQL 1.1 results formats. Named queries: --list shows them with
    their parameters; --name NAME --param key=value runs one. --endpoint URL asks that SPARQL 1.1
    server instead of the store (its default graph should be the union of its graphs).
    """
    with _user_errors():
        if list_:
            for q in named_queries().values():
                out.print(Text.assemble((q.name, "bold"), f"  {q.description}"))
                for key, p in q.params.items():
                    kind = "" if p.type == "text" else f", {p.type}"
                    out.print(f"    --param {key}=…  {p.meaning} (default: {p.default}{kind})")
            return
        if fmt not in ("table", *RESULT_FORMATS):
            raise UsageError(f"unknown --format {fmt!r}; use table, csv, tsv or json")
        pairs = [p.split("=", 1) for p in param or []] if name is not None and sparql is None else []
        if any(len(p) != 2 for p in pairs):
            raise UsageError("--param takes key=value")
        text = sparql_for(sparql, name=name, params=dict(pairs))  # before the store: a bad name is named first
        result = RemoteStore(endpoint).query(text) if endpoint \
            else KnowledgeGraph.open(store, read_only=True).run(text)
        if fmt == "table":
            _print_table(result)
        else:
            sys.stdout.buffer.write(serialize(result, fmt))


@app.command("export")
def export_cmd(output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
               store: StoreOption = Path(DEFAULT_STORE),
               fmt: Annotated[str, typer.Option("--format", "-f", help=", ".join(FORMATS))] = "trig",
               network: Annotated[str, typer.Option(help="For graphml/gexf: dependencies or organisations.")]
               = "dependencies") -> None:
    """Export the store as RDF (ttl, trig, nq, jsonld) or a network for Gephi (graphml, gexf).

    Turtle holds the union of all graphs; TriG, N-Quads and JSON-LD keep the named graphs. The
    output is sorted, so the same store always gives the same bytes.
    """
    with _user_errors():
        check_export(fmt, network)  # before the store: wrong arguments are named first
        KnowledgeGraph.open(store, read_only=True).export(output, fmt, network)
    out.print(f"wrote {output}")


@app.command("validate")
def validate_cmd(store: StoreOption = Path(DEFAULT_STORE),
                 every: Annotated[bool, typer.Option("--all", help="Check every graph, not only those the last "
                                                     "build changed.")] = False) -> None:
    """Check the store against the project's SHACL shapes; exit 1 with a report on violations.

    By default only what the last build changed is checked: the graphs of the files it built or
    dropped and the links graph's shared facts, each against the whole store. --all checks every
    graph (as does a store whose last build left no record).
    """
    with _user_errors():
        kg = KnowledgeGraph.open(store, read_only=True)
        graphs = None if every else last_build(store)
        if graphs is None and not every:
            err.print(f"{store}: no record of the last build; checking every graph")
        with Progress(*Progress.get_default_columns(), console=err, transient=True,
                      disable=not err.is_terminal) as bar:
            task = bar.add_task("validating", total=None)
            report = kg.validate(graphs, progress=lambda done, total, _: bar.update(task, completed=done,
                                                                                     total=total))
    for line in report.lines():
        (out if report.conforms else err).print(line)
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
def render(out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the HTML views.")],
           store: StoreOption = Path(DEFAULT_STORE)) -> None:
    """Write the interactive HTML views of the graph (they work offline)."""
    with _user_errors():
        written = KnowledgeGraph.open(store, read_only=True).render(out_dir)
    out.print(f"wrote {len(written)} file(s) to {out_dir}; open {out_dir / 'index.html'}")


@app.command()
def serve(store: StoreOption = Path(DEFAULT_STORE),
          host: Annotated[str, typer.Option(help="Address to bind; keep 127.0.0.1 unless others must reach it.")]
          = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 8000,
          views: Annotated[Path | None, typer.Option(help="Serve these rendered views instead of rendering.")]
          = None,
          views_cache: Annotated[Path | None, typer.Option(help="Folder of views rendered per store version "
                                                           "(default: ~/.cache/edukg/views).")] = None,
          timeout: Annotated[float, typer.Option(min=0.1, help="Seconds a query may run.")] = 10.0,
          queue_timeout: Annotated[float, typer.Option(min=0.1, help="Seconds a query may wait for a free "
                                                       "worker.")] = 30.0,
          max_rows: Annotated[int, typer.Option(min=1, help="Rows (or triples) a result may have.")] = 10_000,
          max_memory: Annotated[int, typer.Option(min=256, help="MiB a query may make its worker grow by.")]
          = 1024,
          max_query: Annotated[int, typer.Option(min=100, help="Characters a query may have.")] = 100_000,
          idle_timeout: Annotated[float, typer.Option(min=0.1, help="Seconds an idle connection is kept.")]
          = 30.0,
          long_query: Annotated[float, typer.Option(min=0.1, help="Seconds after which a query counts as long: "
                                                    "at most workers-1 long queries run at once.")] = 1.0,
          allow_host: Annotated[list[str] | None, typer.Option(help="Also answer requests for this Host name "
                                                               "(repeatable).")] = None,
          workers: Annotated[int, typer.Option(min=1, help="Query worker processes.")] = 2) -> None:
    """Serve the HTML views and a read-only SPARQL 1.1 endpoint at /sparql until Ctrl-C or SIGTERM.

    GET, HEAD or POST queries (form or application/sparql-query body); results as JSON, XML, CSV
    or TSV and graphs as Turtle, N-Triples, RDF/XML or JSON-LD by Accept header. SPARQL Update
    and SERVICE are refused and query workers cannot open network connections; a query over
    --timeout or --max-memory is stopped (503), results over --max-rows refused, and a query
    that finds no free worker within --queue-timeout is answered 503. At most workers-1 queries
    may run past --long-query seconds at once, and a client whose query was stopped is answered
    429 for a few seconds (longer each time), so that one client cannot take every worker. Requests whose Host is not
    the bound address (or localhost, or an --allow-host name) are refused. /sparql without a
    query is a page of example queries. Answers are kept until the store changes, and the named
    queries run at start. Without --views, the views are rendered in the background on the first
    start on a store (pages answer 503 until then) and kept in --views-cache for the next.
    """
    from graph.api import Limits, serving, stop_on_signals  # the server only when serving

    limits = Limits(timeout=timeout, max_rows=max_rows, queue_timeout=queue_timeout, max_memory=max_memory,
                    max_query=max_query, long_after=long_query)
    with _user_errors(), stop_on_signals():
        try:
            with serving(store, views, host=host, port=port, limits=limits, workers=workers,
                         allow_hosts=tuple(allow_host or ()), idle_timeout=idle_timeout,
                         views_cache=views_cache) as server:
                bound = server.server_address[1]
                out.print(f"serving http://{host}:{bound}/ (views) and http://{host}:{bound}/sparql (SPARQL); "
                          "Ctrl-C stops")
                sys.stdout.flush()  # the address, for whoever started us through a pipe
                if not server.pool.confined:
                    err.print("warning: query workers cannot be kept off the network on this platform; "
                              "any query mentioning SERVICE is refused instead")
                server.serve_forever()
        except KeyboardInterrupt:
            pass


@app.command()
def evaluate(gold: Annotated[Path, typer.Argument(metavar="GOLD", help="Folder of gold <name>.json files.")],
             inputs: Annotated[list[Path], typer.Argument(metavar="INPUT",
                                                          help="Source files or folders to extract.")],
             scorer: Annotated[Path, typer.Option(help="The scoring script (GOLD_DIR PRED_DIR).")]
             = DEFAULT_SCORER,
             misses: Annotated[int, typer.Option("--misses", min=0, help="List up to N missed and spurious items "
                                                 "per category, with their text.")] = 0) -> None:
    """Score extraction against gold annotations with a scorer script.

    Each INPUT file is paired with GOLD/<name>.json (foo.txt with foo.json); inputs without one
    are named and left out, and only the gold of the inputs given is scored. They are extracted
    to a temporary folder and the scorer is run as `python SCORER GOLD PRED_DIR`, printing its
    table (headline F1, per-category P/R/F1). The default scorer is ../shared/tools/score.py;
    nothing else needs it. With --misses N the missed and spurious items of each category follow
    (extractors.misses), N of each.
    """
    from extractors.misses import format_misses

    with _user_errors():
        done = evaluate_inputs(gold, inputs, scorer=scorer, misses=misses > 0)
    for path in done.unscored:
        err.print(f"{path}: no gold annotation {gold / f'{path.stem}.json'}; not scored")
    for failure in done.failures:
        _error(failure)
    if done.failures:
        err.print("some inputs could not be read; scoring the rest")
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    for line in format_misses(done.misses, misses) if misses else []:
        out.print(line)
    if done.misses_problem:
        _error(done.misses_problem)
        raise typer.Exit(1)
    raise typer.Exit(done.returncode)


@app.command()
def demo(out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the demo.")]
         = Path("edukg-demo")) -> None:
    """Build the bundled sample plans into DIR/store, write DIR/graph.trig and DIR/views/*.html."""
    with _user_errors():
        done = build_demo(out_dir)
    summary, store_dir = done.summary, done.store
    for failure in summary.failures:
        _error(failure)
    for line in summary.lines():
        out.print(line)
    out.print(f"\nwrote {done.trig} and {len(done.views)} view file(s) in {out_dir / 'views'}\n"
              f"next: open {out_dir / 'views' / 'index.html'} in a browser, or try\n"
              f"  edukg query --store {store_dir} --list\n"
              f"  edukg query --store {store_dir} --name most-cited")
    if summary.failures:
        raise typer.Exit(1)
