"""The pipeline's segmentation (jieba's tokenizer with quicker loops) gives plain jieba's words."""

from __future__ import annotations

import jieba
import pytest

from extractors.normalise import normalise
from extractors.pipeline import _segmenter, get_nlp, text_parts
from extractors.readers import find_files, read


@pytest.fixture(scope="module")
def segmenter():
    get_nlp()  # jieba's dictionary and the project's user words loaded, as in extraction
    return _segmenter()


def test_it_shares_jiebas_dictionary_rather_than_loading_another(segmenter):
    assert segmenter.FREQ is jieba.dt.FREQ and segmenter.total == jieba.dt.total


@pytest.mark.parametrize("text", [
    "“美育浸润行动”--福建省校园舞蹈展演，2021-2025年",
    "应当自该注册商标注册公告之日起满三年",  # a tie between two paths: jieba's own choice is kept
    "全市学前三年毛入园率达到95%以上，新建XX学校3所。（市教育局牵头）\n\n  ",
    "",
])
def test_the_same_words_as_jieba(segmenter, text):
    assert list(segmenter.cut(text)) == list(jieba.cut(text))


@pytest.mark.parametrize("corpus", ["seeds", "authored", "meiyu"])
def test_the_same_words_as_jieba_on_the_corpora(segmenter, shared, corpus):
    for path in find_files([shared / "corpus" / corpus]).files:
        raw = read(path)
        for text in (normalise(raw.text, raw.format).text, raw.text):  # what extraction segments, and raw
            ours = [w for part in text_parts(text) for w in segmenter.cut(part)]
            assert ours == [w for part in text_parts(text) for w in jieba.cut(part)], path.name
