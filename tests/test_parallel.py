"""Parallel and distributed builds give the same store as a serial one: workers change speed only."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from edukg_samples import sample_paths

from graph.build.loader import Loader
from graph.build.parallel import FileResult, process_file
from graph.build.run import build
from graph.store.export import sorted_quads
from ontology.namespaces import LINKS_GRAPH


def _nquads(store: ox.Store) -> bytes:
    return ox.serialize(sorted_quads(store), format=ox.RdfFormat.N_QUADS)


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> bytes:
    store = ox.Store(str(tmp_path_factory.mktemp("serial") / "store"))
    summary = build(store, sample_paths(), jobs=1)
    assert summary.files == len(sample_paths()) and not summary.failures
    return _nquads(store)


def test_two_workers_write_the_same_quads_as_one(serial, tmp_path):
    store = ox.Store(str(tmp_path / "store"))
    summary = build(store, sample_paths(), jobs=2)
    assert summary.files == len(sample_paths())
    assert _nquads(store) == serial


def test_dask_cluster_writes_the_same_quads_as_local_workers(serial, tmp_path):
    distributed = pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'edukg[dask]'")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        store = ox.Store(str(tmp_path / "store"))
        summary = build(store, sample_paths(), scheduler=cluster.scheduler_address)
    assert summary.files == len(sample_paths())
    assert _nquads(store) == serial


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path):
    pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'edukg[dask]'")
    from graph.build.parallel import ClusterError

    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        build(ox.Store(), sample_paths()[:1], scheduler="tcp://127.0.0.1:9")


def distinct(results: list[FileResult]) -> int:
    """How many quads the files hold together: a shared fact two files state is one quad."""
    return len({str(q) for r in results for q in ox.parse(r.nquads, format=ox.RdfFormat.N_QUADS)})


def test_a_file_result_carries_its_graph_hash_and_source():
    path = sample_paths()[0]
    result = process_file(path)
    assert isinstance(result, FileResult) and result.source == str(path)
    quads = list(ox.parse(result.nquads, format=ox.RdfFormat.N_QUADS))
    # its own graph, and what it says about shared nodes in the links graph (see graph.build.rdf)
    assert len(quads) == result.quads and {q.graph_name.value for q in quads} == {result.graph, LINKS_GRAPH}
    assert any(q.subject.value == result.graph and q.predicate.value.endswith("#contentHash") for q in quads)


def test_a_failure_is_one_line_not_an_exception(tmp_path):
    missing = tmp_path / "missing.txt"
    assert process_file(missing) == f"{missing}: no such file"


def test_the_loader_loads_whole_files_a_batch_at_a_time(tmp_path):
    results = [process_file(p) for p in sample_paths()]
    assert all(isinstance(r, FileResult) for r in results)
    sizes = [r.quads for r in results]
    store = ox.Store(str(tmp_path / "store"))
    with Loader(store, batch_quads=sizes[0] + sizes[1]) as loader:
        loader.add(results[0])
        loader.add(results[1])
        assert len(store) == 0, "nothing is written before the batch is full"
        loader.add(results[2])  # would overfill the batch: the first two are loaded
        assert loader.loads == 1 and len(store) == distinct(results[:2])
        loader.add(results[3])
    assert loader.loads == 2 and len(store) == distinct(results[:4])


def test_a_batch_loaded_in_parts_side_by_side_holds_the_same_quads(tmp_path):
    results = [process_file(p) for p in sample_paths()]
    loaded = {}
    for parts in (1, 3):
        store = ox.Store(str(tmp_path / f"store-{parts}"))
        with Loader(store, parts=parts) as loader:
            for result in results:
                loader.add(result)
        loaded[parts] = sorted(str(q) for q in store)
    assert len(loaded[1]) == distinct(results)
    assert loaded[3] == loaded[1]


def test_a_batch_replaces_the_old_graphs_of_its_files(tmp_path):
    result = process_file(sample_paths()[0])
    store = ox.Store(str(tmp_path / "store"))
    for _ in range(2):
        with Loader(store) as loader:
            loader.add(result)
    assert len(store) == result.quads


def test_an_interrupted_build_loads_nothing_more(tmp_path):
    store = ox.Store(str(tmp_path / "store"))
    with pytest.raises(KeyboardInterrupt), Loader(store) as loader:
        loader.add(process_file(sample_paths()[0]))
        raise KeyboardInterrupt
    assert len(store) == 0
