"""One home for what both sides recognise: the 发文字号 a document's head gives is the number a
citation names it by, a notice carries the same documents in the text and in the graph, and a
number in any brackets is one value of one document."""

from __future__ import annotations

from conftest import plan, record
from test_graph_rdf import select, store_of

from extractors.api import extract_text
from extractors.doctext import DOC_NUMBER
from extractors.keys import canonical_number
from extractors.normalise import normalise
from extractors.records import DOCUMENT, DocumentRecord, End, Entity, Relation
from graph.store.validate import validate

TITLE = "教育部关于推进学校艺术教育发展的若干意见"


def test_a_number_the_extraction_reads_is_the_number_a_citation_names_a_document_by():
    # the head of the document gives a five-digit serial; the extraction reads it, so a plan
    # citing the document by that number alone cites the built document, not a node of its own
    text = (f"{TITLE}\n\n教体艺〔2014〕10001号\n\n各省、自治区、直辖市教育厅：\n\n"
            "现就推进学校艺术教育发展提出如下意见。\n")
    [doc] = extract_text(text, source="own.txt").documents
    assert doc.doc_number == "教体艺〔2014〕10001号"
    built = plan("own.txt", title=TITLE, region="全国", issuer="教育部", number=doc.doc_number)
    store = store_of(built, plan("c.txt", title="东营市美育工作实施方案", region="东营市",
                                 issuer="东营市人民政府", cites=(doc.doc_number,)))
    assert select(store, """SELECT ?s WHERE { ?c dcterms:source "c.txt" ; eli:cites ?d .
        ?d dcterms:source ?s }""") == [("own.txt",)]


def test_a_notice_that_issues_a_document_by_decision_carries_it_in_the_graph_too():
    # the boundary finder takes 关于颁发《X》的决定 for a notice carrying X; so does linking
    notice = f"教育部关于颁发《{TITLE}》的决定"
    built = plan("own.txt", title=TITLE, region="全国", issuer="教育部")
    store = store_of(built, plan("c.txt", title="东营市美育工作实施方案", region="东营市",
                                 issuer="东营市人民政府", cites=(notice,)))
    assert select(store, f"""SELECT ?s WHERE {{ ?n dcterms:title "{notice}" ; edukg:carries ?d .
        ?d dcterms:source ?s }}""") == [("own.txt",)]


def test_one_file_with_a_number_in_two_brackets_gives_one_id_local_and_validates():
    # a compilation: the document itself, numbered 教体艺[2014]1号, then a plan citing it with its
    # title and 教体艺〔2014〕1号, and by number alone as 教体艺【2014】1号
    first = f"{TITLE}\n（教体艺[2014]1号）\n一、明确思路目标\n教育部\n"
    plan_title = "东营市美育工作实施方案"
    second = (f"{plan_title}\n根据《{TITLE}》（教体艺〔2014〕1号）和《教体艺【2014】1号》，制定本方案。\n"
              "东营市人民政府\n")
    text = first + second
    at = len(first)
    cited = text.index(TITLE, at)
    by_number = text.index("教体艺【2014】1号")
    own = DocumentRecord(span=(0, at), title=TITLE, doc_number="教体艺[2014]1号", issuer=["教育部"], region="全国",
                         evidence={"title": (0, len(TITLE))})
    citing = DocumentRecord(
        span=(at, len(text)), title=plan_title, issuer=["东营市人民政府"], region="东营市",
        evidence={"title": (at, at + len(plan_title))},
        entities=[Entity("Policy", TITLE, [(cited, cited + len(TITLE))], doc_number="教体艺〔2014〕1号"),
                  Entity("Policy", "教体艺【2014】1号", [(by_number, by_number + 11)])],
        relations=[Relation("basedOn", DOCUMENT, End("Policy", TITLE), (cited - 3, cited + len(TITLE) + 1))])
    store = store_of(record("x.txt", text, own, citing))
    assert select(store, "SELECT DISTINCT ?n WHERE { ?d eli:id_local ?n }") == [("教体艺〔2014〕1号",)]
    assert select(store, """SELECT ?d WHERE { ?c dcterms:title "东营市美育工作实施方案" ; eli:based_on ?d .
        ?d eli:id_local "教体艺〔2014〕1号" ; dcterms:source "x.txt" }""") != []
    assert validate(store).conforms


def test_every_bracket_the_number_shape_reads_is_written_one_way():
    # the shape (lexicons/doc_number.txt) and the written form (extractors.keys) list brackets
    # apart: a bracket the extraction reads that the key did not unify would split one
    # document in two nodes
    opening, closing = "〔[【(［（﹝〖「", "〕]】)］）﹞〗」"
    read = [text for o in opening for c in closing
            if DOC_NUMBER.fullmatch(text := normalise(f"教体艺{o}2014{c}1号").text)]
    assert len(read) >= 25
    assert {canonical_number(text) for text in read} == {"教体艺〔2014〕1号"}
