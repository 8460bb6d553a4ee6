"""SHACL validation with the project's shapes, as SPARQL queries over the store itself.

pyshacl needs the data in an rdflib graph: the law corpus (1.7 million quads) took minutes and
about 3 GB just to copy over, and every check had to take the whole store however little a build
changed. So ``ontology/shapes.ttl`` is compiled here into one SELECT per constraint (SHACL Core,
the components the shapes use; an unknown one is refused, never skipped) and run by Oxigraph over
the union of graphs, so a check that follows a link into another graph (a target's indicator in
the concepts graph) sees it, and memory stays that of the query engine. ``validate_pyshacl`` keeps
the reference engine for the tests that hold both to the same results.

A check may be limited to some graphs (``graphs``): then only the nodes those graphs say something
about, and those linking gave edges to, are validated, over a small store of everything the shapes
read about them (``neighbourhood``). A build records the graphs it changed
(``graph.store.local.last_build``); ``edukg validate`` checks those and the links graph, and
``--all`` everything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import count

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from ontology import SHAPES, resource
from ontology.namespaces import (
    CONCEPTS_GRAPH,
    LINK_EDGES,
    LINKS_GRAPH,
    ONTOLOGY_GRAPH,
    SHARED_GRAPHS,
    sparql_prologue,
)

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass
class Report:
    """Whether the store conforms, and each kind of violation with its count and one example."""

    conforms: bool
    violations: list[tuple[int, str, str]] = field(default_factory=list)  # count, problem, example node
    scope: str = "every graph"

    def lines(self, limit: int = 30) -> list[str]:
        if self.conforms:
            return [f"the graph conforms to the edukg shapes ({self.scope} checked)"]
        total = sum(n for n, _, _ in self.violations)
        out = [f"{total} SHACL violation(s) of {len(self.violations)} kind(s) ({self.scope} checked):"]
        out += [f"  {n} × {problem} (e.g. {example})" for n, problem, example in self.violations[:limit]]
        if len(self.violations) > limit:
            out.append(f"  … and {len(self.violations) - limit} more kinds")
        return out


@dataclass(frozen=True)
class Check:
    """One constraint as a query: its SELECT yields ``?focus`` (and ``?value`` for a value check)
    for each violation; ``key`` is (shape, path, component) as pyshacl reports them."""

    problem: str
    select: str
    key: tuple[str, str, str]


Test = Callable[[str], str]  # a SPARQL boolean expression about the node in the given variable
_COUNTS = (SH.minCount, SH.maxCount, SH.qualifiedMinCount, SH.qualifiedMaxCount)


class _Vars:
    """Fresh variable names, so nested patterns never capture each other's."""

    def __init__(self) -> None:
        self._n = count()

    def __call__(self) -> str:
        return f"?v{next(self._n)}"


def _n3(term: rdflib.term.Node) -> str:
    return term.n3()


def _short(term: rdflib.term.Node | None, shapes: rdflib.Graph) -> str:
    return term.n3(shapes.namespace_manager) if term is not None else "node"


class _Compiler:
    """Shapes → SPARQL. A shape's conformance is a boolean expression over one variable."""

    def __init__(self, shapes: rdflib.Graph, subclasses: dict[str, frozenset[str]]) -> None:
        self.g = shapes
        self.fresh = _Vars()
        self.subclasses = subclasses

    def typed(self, var: str, cls: rdflib.term.Node) -> str:
        """``var`` is an instance of ``cls`` or of a subclass (the store's ``rdfs:subClassOf``, read
        once: a property path per node is what made the checks slow)."""
        classes = sorted({str(cls), *self.subclasses.get(str(cls), ())})
        if len(classes) == 1:
            return f"{var} rdf:type <{classes[0]}>"
        t = self.fresh()
        return f"{var} rdf:type {t} FILTER({t} IN ({', '.join(f'<{c}>' for c in classes)}))"

    def items(self, node: rdflib.term.Node) -> list[rdflib.term.Node]:
        return list(Collection(self.g, node))  # type: ignore[arg-type]

    def value_test(self, predicate: rdflib.term.Node, value: rdflib.term.Node, var: str) -> str | None:
        """A constraint on one value node ``var``, or None when the constraint is no value test."""
        if predicate == SH.datatype:
            return f"(isLiteral({var}) && DATATYPE({var}) = {_n3(value)})"
        if predicate == SH["class"]:
            return f"EXISTS {{ {self.typed(var, value)} }}"
        if predicate == SH.minLength:
            return f"(!isBlank({var}) && STRLEN(STR({var})) >= {int(value)})"
        if predicate == SH.minInclusive:
            return f"COALESCE({var} >= {_n3(value)}, false)"
        if predicate in (SH["or"], SH.xone):
            parts = [f"IF({self.conforms(member, var)}, 1, 0)" for member in self.items(value)]
            total = " + ".join(parts)
            return f"({total} >= 1)" if predicate == SH["or"] else f"({total} = 1)"
        return None

    def _at_least(self, focus: str, path: str, n: int, test: Callable[[str], str] | None) -> str:
        """``focus`` has at least ``n`` distinct values on ``path`` (passing ``test``, if given)."""
        names = [self.fresh() for _ in range(n)]
        body = " . ".join(f"{focus} {path} {v}" for v in names)
        filters = [f"{a} != {b}" for i, a in enumerate(names) for b in names[i + 1:]]
        filters += [test(v) for v in names] if test else []
        return f"EXISTS {{ {body} {'FILTER(' + ' && '.join(filters) + ')' if filters else ''} }}"

    def property_constraints(self, shape: rdflib.term.Node) -> Iterator[tuple[rdflib.term.Node, bool, Test]]:
        """(component, per value?, test) for each constraint of a property shape: a value test takes
        the variable of one value node, any other the focus node's."""
        path = _n3(self.g.value(shape, SH.path))
        qualified = self.g.value(shape, SH.qualifiedValueShape)

        def qualifies(v: str) -> str:
            return self.conforms(qualified, v)

        for predicate, value in sorted(self.g.predicate_objects(shape)):
            n = int(value) if predicate in _COUNTS else 0
            if predicate in (SH.path, RDF.type, SH.qualifiedValueShape, SH.message, SH.name):
                continue
            if predicate == SH.minCount:
                yield predicate, False, lambda f, n=n: self._at_least(f, path, n, None) if n else "true"
            elif predicate == SH.maxCount:
                yield predicate, False, lambda f, n=n: f"!{self._at_least(f, path, n + 1, None)}"
            elif predicate == SH.qualifiedMinCount:
                yield predicate, False, lambda f, n=n: self._at_least(f, path, n, qualifies)
            elif predicate == SH.qualifiedMaxCount:
                yield predicate, False, lambda f, n=n: f"!{self._at_least(f, path, n + 1, qualifies)}"
            elif predicate == SH.hasValue:
                yield predicate, False, lambda f, value=value: f"EXISTS {{ {f} {path} {_n3(value)} }}"
            else:
                yield predicate, True, self._value_test(predicate, value)

    def _value_test(self, predicate: rdflib.term.Node, value: rdflib.term.Node) -> Test:
        if self.value_test(predicate, value, "?x") is None:
            raise ValueError(f"shapes.ttl: SHACL constraint {predicate} is not supported by the validator")
        return lambda v: self.value_test(predicate, value, v) or ""

    def conforms(self, shape: rdflib.term.Node, var: str) -> str:
        """Whether the node in ``var`` conforms to ``shape`` (node or property shape, all constraints)."""
        tests = []
        path = self.g.value(shape, SH.path)
        if path is not None:
            for _, per_value, test in self.property_constraints(shape):
                v = self.fresh()
                tests.append(f"NOT EXISTS {{ {var} {_n3(path)} {v} FILTER(!({test(v)})) }}" if per_value
                             else test(var))
        else:
            for predicate, value in self.g.predicate_objects(shape):
                if predicate == SH.property:
                    tests.append(self.conforms(value, var))
                elif predicate not in (RDF.type, SH.targetClass, SH.targetSubjectsOf):
                    tests.append(self._value_test(predicate, value)(var))
        return "(" + " && ".join(tests or ["true"]) + ")"

    def target(self, shape: rdflib.term.Node) -> str | None:
        """The pattern binding ``?focus`` to the shape's focus nodes."""
        targets = [f"{{ {self.typed('?focus', c)} }}" for c in self.g.objects(shape, SH.targetClass)]
        targets += [f"{{ ?focus {_n3(p)} [] }}" for p in self.g.objects(shape, SH.targetSubjectsOf)]
        return " UNION ".join(targets) or None

    def checks(self) -> list[Check]:
        out = []
        for shape in sorted(set(self.g.subjects(RDF.type, SH.NodeShape))):
            target = self.target(shape)
            if target is None:
                continue
            name = _short(shape, self.g)

            def check(problem: str, where: str, path: str, component: rdflib.term.Node, value: bool,
                      target: str = target, name: str = name, tail: str = "") -> None:
                columns = "?focus ?value" if value else "?focus"
                select = "SELECT" if tail else "SELECT DISTINCT"
                out.append(Check(problem, f"{select} {columns} WHERE {{ {target} {where} }}{tail}",
                                 (name, path, _short(component, self.g))))

            for predicate, value in sorted(self.g.predicate_objects(shape)):
                if predicate == SH.property:
                    path_node = self.g.value(value, SH.path)
                    path = _short(path_node, self.g)
                    for component, per_value, test in self.property_constraints(value):
                        label = f"{path}: {_short(component, self.g)} {self._constraint_value(value, component)}"
                        if component in _COUNTS:  # counted in one pass (GROUP BY), not node by node
                            n = int(self.g.value(value, component))
                            qualified = self.g.value(value, SH.qualifiedValueShape)
                            keep = self._qualifying(qualified) \
                                if component in (SH.qualifiedMinCount, SH.qualifiedMaxCount) else ""
                            below = component in (SH.minCount, SH.qualifiedMinCount)
                            having = f" GROUP BY ?focus HAVING(COUNT(DISTINCT ?value) {'<' if below else '>'} {n})"
                            check(label, f"OPTIONAL {{ ?focus {_n3(path_node)} ?value{keep} }}", path, component,
                                  False, tail=having)
                        elif component == SH["class"]:  # an anti-join: one pass, not a lookup per value
                            cls = self.g.value(value, SH["class"])
                            check(label, f"?focus {_n3(path_node)} ?value MINUS {{ {self.typed('?value', cls)} }}",
                                  path, component, True)
                        elif per_value:  # one violation per value node, as SHACL counts them
                            check(label, f"?focus {_n3(path_node)} ?value FILTER(!({test('?value')}))",
                                  path, component, True)
                        else:
                            check(label, f"FILTER(!({test('?focus')}))", path, component, False)
                elif predicate not in (RDF.type, SH.targetClass, SH.targetSubjectsOf):
                    test = self._value_test(predicate, value)
                    check(f"node: {_short(predicate, self.g)} not met ({name})", f"FILTER(!({test('?focus')}))",
                          "node", predicate, False)
        return out

    def _qualifying(self, shape: rdflib.term.Node) -> str:
        """What keeps a value counted for a qualified count: a join on its type when the shape is
        a class alone (one pass), else a filter on its conformance."""
        constraints = {p for p in self.g.predicates(shape) if p != RDF.type}
        if constraints == {SH["class"]}:
            return f" . {self.typed('?value', self.g.value(shape, SH['class']))}"
        return f" FILTER({self.conforms(shape, '?value')})"

    def _constraint_value(self, shape: rdflib.term.Node, component: rdflib.term.Node) -> str:
        value = self.g.value(shape, component)
        if component in (SH["or"], SH.xone):
            return "not met"
        if component in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
            qualified = self.g.value(self.g.value(shape, SH.qualifiedValueShape), SH["class"])
            return f"{value} of {_short(qualified, self.g)}"
        return str(value) if isinstance(value, rdflib.Literal) else _short(value, self.g)


_SUBCLASSES = "SELECT DISTINCT ?sub ?super WHERE { ?sub rdfs:subClassOf+ ?super }"


@cache
def _compiled(subclasses: tuple[tuple[str, frozenset[str]], ...]) -> tuple[Check, ...]:
    shapes = rdflib.Graph().parse(resource(SHAPES), format="turtle")
    return tuple(_Compiler(shapes, dict(subclasses)).checks())


def shape_checks(store: ox.Store) -> tuple[Check, ...]:
    """The checks of ``ontology/shapes.ttl`` for the class hierarchy the store holds (its ontology
    graph), compiled once per hierarchy."""
    found: dict[str, set[str]] = {}
    for solution in store.query(sparql_prologue() + _SUBCLASSES, use_default_graph_as_union=True):
        found.setdefault(solution["super"].value, set()).add(solution["sub"].value)
    return _compiled(tuple(sorted((k, frozenset(v)) for k, v in found.items())))


def focus_nodes(store: ox.Store, graphs: Iterable[str]) -> set[str]:
    """The nodes a check limited to ``graphs`` validates: what those graphs state anything about
    (plainly or as an ``rdf:Statement`` of a shared fact), and the nodes linking gave edges to."""
    nodes: set[str] = set()
    for graph in set(graphs) - set(SHARED_GRAPHS):
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            nodes.add(quad.subject.value)
            if quad.predicate.value == RDF.subject:
                nodes.add(quad.object.value)  # type: ignore[union-attr]
    for edge in LINK_EDGES:
        nodes |= {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(edge), None,
                                                                    ox.NamedNode(LINKS_GRAPH))}
    return nodes


@cache
def _paths() -> frozenset[str]:
    """The predicates the shapes read: their paths and the type of a node."""
    shapes = rdflib.Graph().parse(resource(SHAPES), format="turtle")
    return frozenset({str(RDF.type), *(str(p) for p in shapes.objects(None, SH.path))})


def neighbourhood(store: ox.Store, focus: set[str]) -> ox.Store:
    """A store of what checking ``focus`` reads: every fact about those nodes on a path of the
    shapes, from any graph, the types of the nodes they point to, the ontology and the concepts.
    Queries over it cost what the focus holds, not what the store does (a VALUES join over a
    large store is not driven by the few nodes it lists)."""
    small = ox.Store()
    for graph in (ONTOLOGY_GRAPH, CONCEPTS_GRAPH):
        small.extend(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    read = _paths()
    pointed: set[ox.NamedNode] = set()
    for node in sorted(focus):
        facts = [q for q in store.quads_for_pattern(ox.NamedNode(node), None, None, None) if q.predicate.value in read]
        small.extend(facts)
        pointed |= {q.object for q in facts if isinstance(q.object, ox.NamedNode) and q.object.value not in focus}
    kind = ox.NamedNode(str(RDF.type))
    for target in sorted(pointed, key=str):
        small.extend(store.quads_for_pattern(target, kind, None, None))
    return small


Progress = Callable[[int, int, str], None]


def validate(store: ox.Store, graphs: Iterable[str] | None = None, progress: Progress | None = None) -> Report:
    """Check ``store`` against the shapes: every focus node, or (``graphs``) those the given graphs
    and the links graph's edges are about, in a store of their neighbourhood. ``progress(done,
    total, problem)`` after each check."""
    focus = None if graphs is None else focus_nodes(store, graphs)
    data = store if focus is None else neighbourhood(store, focus)
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    checks = shape_checks(data)
    for done, check in enumerate(checks, 1):
        for solution in data.query(sparql_prologue() + check.select, use_default_graph_as_union=True):
            node = str(solution["focus"].value)
            if focus is None or node in focus:  # the neighbourhood's other nodes are described in part
                counts[check.problem] += 1
                examples[check.problem] = min(examples.get(check.problem, node), node)
        if progress:
            progress(done, len(checks), check.problem)
    changed = None if graphs is None else len(set(graphs) - set(SHARED_GRAPHS))
    what = "every graph" if changed is None else f"{changed} changed graph(s) and the links"
    if not counts:
        return Report(conforms=True, scope=what)
    kinds = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return Report(conforms=False, violations=[(n, p, examples[p]) for p, n in kinds], scope=what)


def violation_keys(store: ox.Store) -> Counter[tuple[str, str, str]]:
    """(focus, path, component) of every violation the SPARQL checks find, for comparing engines."""
    found: Counter[tuple[str, str, str]] = Counter()
    for check in shape_checks(store):
        for solution in store.query(sparql_prologue() + check.select,
                                    use_default_graph_as_union=True):
            found[(solution["focus"].value, check.key[1], check.key[2])] += 1
    return found


def to_rdflib(store: ox.Store) -> rdflib.Graph:
    """The union of the store's named graphs as one rdflib graph."""
    data = ox.serialize(store.query(_UNION), format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data, format="nt")


def validate_pyshacl(store: ox.Store) -> Counter[tuple[str, str, str]]:
    """The reference engine: pyshacl over the whole store copied into rdflib, as (focus, path,
    component) of each violation. Minutes and gigabytes on a large store; for tests and benchmarks."""
    import pyshacl

    shapes = rdflib.Graph().parse(resource(SHAPES), format="turtle")
    _, results, _ = pyshacl.validate(to_rdflib(store), shacl_graph=shapes, inference="none", allow_warnings=True)
    found: Counter[tuple[str, str, str]] = Counter()
    for node in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(node, SH.resultPath)
        component = results.value(node, SH.sourceConstraintComponent)
        found[(str(results.value(node, SH.focusNode)), _short(path, shapes) if path is not None else "node",
               _short(_COMPONENT_PARAMETER.get(component, component), shapes))] += 1
    return found


# pyshacl names a constraint component (sh:MinCountConstraintComponent); the checks name its parameter
_COMPONENT_PARAMETER = {SH[f"{name[0].upper()}{name[1:]}ConstraintComponent"]: SH[name] for name in (
    "minCount", "maxCount", "datatype", "class", "minLength", "minInclusive", "hasValue", "or", "xone")}
_COMPONENT_PARAMETER[SH.QualifiedMinCountConstraintComponent] = SH.qualifiedMinCount
_COMPONENT_PARAMETER[SH.QualifiedMaxCountConstraintComponent] = SH.qualifiedMaxCount
