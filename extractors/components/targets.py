"""The ``edukg_targets`` component: quantitative goals and the indicators they measure.

A target is a quantity (a number or a redacted one, with its unit) in a clause that
sets a goal. The indicator is the clause's wording before the quantity, with goal
cues (到2025年, 力争, 达到…) removed; a count written verb–number–noun (新建3所公办园)
keeps verb and noun. Quantities in sentences that report the past (已建成, 累计…)
are not targets, and in documents that are not plans (news, reports) only
sentences with a goal cue count. Cues, units and fillers are data files.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extractors.components.mentions import Mention
from extractors.components.sections import section_at
from extractors.lexicons import alternation, load_table, load_words
from extractors.names import canonical
from extractors.numerals import parse_value
from extractors.records import Target

_CN_NUM = "一二两三四五六七八九十百千"
_SENTENCE_END = re.compile(r"[。;;!?\n]")
_CLAUSE_END = re.compile(r"[,,。;;:!?\n]")
_QUOTED = re.compile(r"“[^”]{0,30}”|《[^》]{0,80}》|\"[^\"]{0,30}\"")
_LEVEL_ONLY = re.compile(r"^(?:_|XX)?(?:自治区|国家|省|市|区|县|镇|乡|校)级$")
_LEVEL_TAIL = re.compile(r"(?:_|XX)?(?:自治区|国家|省|市|区|县|镇|乡|校)级$")
_YEAR = r"(?:19|20)(?:\d\d|_)"
DEADLINE = re.compile(rf"(?:(?:到|至|于|在|力争|争取|确保)\s*(?P<a>{_YEAR})年|(?P<b>{_YEAR})年(?:年?底|末|前|以前|秋季|春季))")
_PLAN_WORDS = re.compile(r"规划|计划|方案|要点|意见|办法|措施|行动|纲要|通知|决定|细则|标准")
_MAX_INDICATOR = 30


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    units = load_words("units.tsv")
    cues = load_table("target_cues.tsv")
    before = {cue: cmp for pos, cue, cmp in cues if pos == "before"}
    after = {cue: cmp for pos, cue, cmp in cues if pos == "after"}
    number = r"(?:\d+/\d+|\d+:\d+(?:\.\d+)?|(?:\d|\*|XX)[\d*X]*(?:\.[\d*]+)?|\*)"
    quantity = re.compile(
        rf"(?P<before>{alternation(tuple(before))})?\s*"
        rf"(?:(?P<num>{number})|(?P<cn>[{_CN_NUM}]+|一半|半数))"
        rf"(?P<unit>(?:[万亿千百](?=[{alternation(units)}]))?(?:{alternation(units)}))?"
        rf"(?P<after>{alternation(tuple(after))})?"
    )
    return quantity, before, after


@lru_cache(maxsize=1)
def _lead_filler() -> re.Pattern[str]:
    words = load_words("indicator_fillers.txt")
    return re.compile(rf"^(?:{DEADLINE.pattern}|{_YEAR}年|{alternation(words)}|[、和及与并且,])+")


@lru_cache(maxsize=1)
def _tail_filler() -> re.Pattern[str]:
    _, before, _ = _patterns()
    return re.compile(rf"(?:{alternation(tuple(before))}|要|的|均|各|共|总数|总量|为|是)+$")


@lru_cache(maxsize=1)
def _unit_blockers() -> dict[str, str]:
    return {row[0]: row[1] for row in load_table("unit_blockers.tsv")}


def _is_plan(title: str | None) -> bool:
    return title is None or bool(_PLAN_WORDS.search(title))


def _masked(text: str) -> str:
    """The text with quoted names blanked, so 两学一做 or 《…(2014-2016)》 yield no numbers."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


def _is_quantity(m: re.Match[str], text: str) -> bool:
    unit = m.group("unit")
    num, cn = m.group("num"), m.group("cn")
    if unit and text[m.end("unit"):m.end("unit") + 1] in _unit_blockers().get(unit.lstrip("万亿千百"), "\0"):
        return False
    if text[max(0, m.start() - 1):m.start()] == "第" or text[m.end():m.end() + 1] in ("级", "年", "月", "日", "号"):
        return False
    if num:
        if re.fullmatch(r"\d+/\d+|\d+:\d+(?:\.\d+)?", num):
            return True
        if not unit:
            return False
        if unit == "年" and re.fullmatch(r"(?:19|20)\d\d|20_", num):
            return False
        return not (re.fullmatch(r"\d+", num) and len(num) > 9)
    if cn in ("一半", "半数"):
        return True
    if not unit or unit in ("年", "级", "类", "种", "批", "位", "条", "本", "部", "张", "个", "支") or len(cn) > 4:
        return False
    if cn != "一" or m.group("before"):
        return True
    head = text[max(0, m.start() - 4):m.start()]
    return head.endswith(("每", "各")) or head.endswith(load_words("count_verbs.txt"))


def _comparator(m: re.Match[str], before: dict[str, str], after: dict[str, str], prefix: str) -> str:
    if m.group("after"):
        return after[m.group("after")]
    cue = m.group("before")
    if cue:
        return before[cue]
    for word, cmp in sorted(before.items(), key=lambda kv: -len(kv[0])):
        if prefix.endswith(word):
            return cmp
    return "="


def _value(m: re.Match[str]) -> tuple[float | None, bool]:
    raw = m.group("num") or m.group("cn")
    if "*" in raw or "X" in raw:
        return None, True
    return parse_value(raw), False


def _deadline(sentence: str) -> int | None:
    m = DEADLINE.search(sentence)
    if not m:
        return None
    year = m.group("a") or m.group("b")
    return None if "_" in year else int(year)


def _past(sentence_before: str) -> bool:
    if any(cue in sentence_before for cue in load_words("future_cues.txt")):
        return False
    return any(cue in sentence_before for cue in load_words("past_cues.txt"))


def _indicator(prefix: str, suffix: str, previous: str | None) -> str:
    lead, tail = _lead_filler(), _tail_filler()
    name = prefix
    for _ in range(3):
        name = tail.sub("", lead.sub("", name)).strip()
    verbs = load_words("count_verbs.txt")
    verb = next((v for v in sorted(verbs, key=len, reverse=True) if name.endswith(v)), None)
    if suffix and (len(name) <= 4 or verb):
        name = (verb or name) + suffix
    if _LEVEL_ONLY.match(name) and previous:
        name = _LEVEL_TAIL.sub("", previous) + name
    return name[-_MAX_INDICATOR:]


_SHARED_GOAL = re.compile(r"(?:均|都|分别)(?=\S{0,4}$)")


def _coordinated(prefix: str) -> list[str]:
    """``A、B和C均达到`` sets one goal for each of A, B and C."""
    if not _SHARED_GOAL.search(prefix) or not re.search(r"[、和及与]", prefix):
        return [prefix]
    head = _SHARED_GOAL.split(prefix)[0]
    parts = head.split("、")
    last = re.split(r"[和及与](?!.*[和及与])", parts[-1])
    parts = [p for p in parts[:-1] + last if len(p.strip()) >= 2]
    return parts if len(parts) > 1 else [prefix]


def find_targets(text: str, is_plan: bool) -> list[tuple[Target, tuple[int, int]]]:
    """Targets with the span of their indicator wording; sections are filled in later."""
    quantity, before, after = _patterns()
    masked = _masked(text)
    future = load_words("future_cues.txt")
    found: list[tuple[Target, tuple[int, int]]] = []
    previous: str | None = None
    prev_end = 0
    for m in quantity.finditer(masked):
        if not _is_quantity(m, masked):
            continue
        sent_start = max((s.end() for s in _SENTENCE_END.finditer(masked, 0, m.start())), default=0)
        sent_end_m = _SENTENCE_END.search(masked, m.end())
        sentence = masked[sent_start:sent_end_m.start() if sent_end_m else len(masked)]
        head = masked[sent_start:m.start()]
        if _past(head) or (not is_plan and not any(cue in sentence for cue in future)):
            continue
        clause_start = max((c.end() for c in _CLAUSE_END.finditer(masked, 0, m.start())), default=0)
        if prev_end > clause_start:
            clause_start = prev_end
        else:
            previous = None
        prefix = text[clause_start:m.start()]
        after_end = _CLAUSE_END.search(masked, m.end())
        suffix_full = text[m.end():after_end.start() if after_end else len(text)]
        suffix = re.split(r"[、和及与以]|左右|等", suffix_full, maxsplit=1)[0][:20]
        prev_end = m.end()
        value, placeholder = _value(m)
        if value is None and not placeholder:
            continue
        for part in _coordinated(prefix):
            name = canonical(_indicator(part, suffix, previous))
            if len(name) < 2:
                continue
            target = Target(indicator=name, comparator=_comparator(m, before, after, prefix), value=value,
                            placeholder=placeholder, unit=m.group("unit"), deadline=_deadline(sentence),
                            section=None, span=(clause_start, m.end()), indicator_span=(clause_start, m.start()))
            found.append((target, (clause_start, m.start())))
            previous = name
    return found


@Language.factory("edukg_targets")
def make_targets(nlp: Language, name: str):
    """Fills ``doc._.targets`` and adds an ``Indicator`` mention for each target."""

    def component(doc: Doc) -> Doc:
        context = doc._.context or {}
        sections = doc._.sections or []
        targets = []
        mentions = list(doc._.mentions or [])
        for target, span in find_targets(doc.text, _is_plan(context.get("title"))):
            section = section_at(sections, target.span[1])
            target.section = section.path if section else None
            targets.append(target)
            mentions.append(Mention("Indicator", target.indicator, span[0], span[1]))
        doc._.targets = targets
        doc._.mentions = mentions
        return doc

    return component
