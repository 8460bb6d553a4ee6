"""One error base: every failure a user can cause is an ``EdukgError`` with a one-line message."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import socket

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import extractors
import graph
from extractors.errors import EdukgError
from graph.build.loader import Loader
from graph.cli import app
from graph.serve.server import endpoint
from graph.views import html, render_views
from graph.views.notebook import show_file


def _modules():
    for package in (extractors, graph):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            yield importlib.import_module(info.name)


def test_every_exception_class_of_the_project_derives_from_edukg_error():
    found = {f"{cls.__module__}.{cls.__qualname__}": cls for module in _modules()
             for _, cls in inspect.getmembers(module, inspect.isclass)
             if issubclass(cls, BaseException) and cls.__module__ == module.__name__}
    assert len(found) >= 8  # ReadError, StoreError, QueryError … are found at all
    assert [name for name, cls in sorted(found.items()) if not issubclass(cls, EdukgError)] == []


def test_a_file_that_is_no_view_is_one_line(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><title>not a view</title>", encoding="utf-8")
    with pytest.raises(EdukgError, match="page.html: not a graph view"):
        show_file(page)
    with pytest.raises(EdukgError, match="missing.html: cannot read it"):
        show_file(tmp_path / "missing.html")


def test_an_install_without_vis_network_is_one_line(tmp_path, monkeypatch):
    (tmp_path / "lib").mkdir()
    monkeypatch.setattr(html, "files", lambda package: tmp_path)
    html.vis_network_js.cache_clear()
    try:
        with pytest.raises(EdukgError, match="pyvis ships no vis-network build"):
            html.vis_network_js()
    finally:
        html.vis_network_js.cache_clear()


def test_a_loader_without_room_for_a_batch_is_refused():
    with pytest.raises(EdukgError, match="must be at least 1"):
        Loader(ox.Store(), batch_quads=0)


@pytest.fixture
def busy_port():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


@pytest.fixture
def store_and_views(tmp_path):
    ox.Store(str(tmp_path / "store")).flush()
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "index.html").write_text("<!doctype html><title>views</title>", encoding="utf-8")
    return tmp_path / "store", tmp_path / "views"


def test_a_port_in_use_is_a_serve_error(busy_port, store_and_views):
    store, views = store_and_views
    with pytest.raises(EdukgError, match=f"cannot serve on 127.0.0.1:{busy_port}"), \
            endpoint(store, views, port=busy_port, workers=1):
        pass


def test_serve_on_a_port_in_use_prints_one_line(busy_port, store_and_views):
    store, views = store_and_views
    result = CliRunner().invoke(app, ["serve", "--store", str(store), "--views", str(views),
                                      "--port", str(busy_port), "--workers", "1"])
    assert result.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{busy_port}" in result.output and "Traceback" not in result.output


def test_views_written_over_a_file_are_one_line(tmp_path):
    taken = tmp_path / "views"
    taken.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(EdukgError, match="views: cannot write the views"):
        render_views(ox.Store(), taken)
    assert taken.read_text(encoding="utf-8") == "a file, not a folder"
