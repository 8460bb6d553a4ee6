"""Entity recognisers on small texts: what names a school or a programme and what does not."""

from extractors import extract_text


def entities(text: str, etype: str) -> set[str]:
    doc = extract_text(text).documents[0]
    return {e.name for e in doc.entities if e.type == etype}


def test_verb_phrases_and_pronouns_before_a_school_word_make_no_school():
    text = ("一、保障\n各地要核定学校编制，面向基层学校开展培训，充分利用学校场地，充分发挥学校教育优势；"
            "区县教委要领导本辖区小学开展工作，组织湖南省长沙市第一中学、育才学校和大英县实验学校结对。\n")
    assert entities(text, "School") == {"湖南省长沙市第一中学", "育才学校", "大英县实验学校"}
