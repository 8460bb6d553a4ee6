"""The ``edukg_targets`` component: quantitative goals and the indicators they measure.

A target is a quantity (``extractors.quantities``) in a clause that sets a goal. The
indicator is the clause's wording before the quantity with goal cues (到2025年, 力争,
达到…) removed. A count written verb–number–noun keeps verb and noun (新建3所公办园 →
新建公办园); a level written alone takes the subject of the goal before it in the
sentence (德育示范校自治区级2所,市级4所 → 德育示范校市级); goals shared by a list
(A、B和C均达到100%) are one per item, and so are the things a 分别 count lists after it; levels
listed before one noun share it (省级50个、市级200个美育名师工作室), and groups after one measure
share that (艺术课程小学每周…,初中每周…). Quantities in sentences that report the past (已建成,
累计…) are not targets; in documents that are not plans (news, reports) only
sentences with a goal cue count. Cues, units and fillers are data files.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

import jieba
import jieba.posseg as posseg
from spacy.language import Language
from spacy.tokens import Doc

from extractors.components.context import context_of
from extractors.components.mentions import Mention
from extractors.lexicons import alternation, load_words
from extractors.names import canonical
from extractors.patterns import any_label
from extractors.quantities import (
    DEADLINE,
    FREQUENCY,
    TERM,
    YEAR_PHRASE,
    Quantity,
    before_cues,
    deadline,
    find_quantities,
)
from extractors.recognisers.common import TextContext
from extractors.records import SectionIndex, Target
from extractors.tables import find_table_targets

_SENTENCE_END = re.compile(r"[。;;!?\n]")
_CLAUSE_END = re.compile(r"[,,。;;:!?\n]")
_QUOTED = re.compile(r"“[^”]{0,30}”|《[^》]{0,80}》|\"[^\"]{0,30}\"")
_LEVEL = r"(?:_|XX)?(?:自治区|国家|省|市|区|县|镇|乡|校)级"
_LEVEL_ONLY = re.compile(rf"^{_LEVEL}$")
_LEVEL_TAIL = re.compile(rf"{_LEVEL}$")
_LEVEL_ANY = re.compile(_LEVEL)
_SUFFIX_END = re.compile(r"以|左右|等|成为|用于")
_LIST_HEAD_TAIL = re.compile(r"(?:目标|任务|指标|计划)$")
_DURATION_LEAD = re.compile(r"^\d+年")
_ADVERB_DOU = re.compile(r"(?<![首成京])都(?![市会])")
_SHARED_GOAL = re.compile(r"(?:均|都|分别)(?=\S{0,4}$)")
_PLAN_WORDS = re.compile(r"规划|计划|方案|要点|意见|办法|措施|行动|纲要|通知|决定|细则|标准")
_MAX_INDICATOR = 30
_MAX_SUFFIX = 30
_SHORT_PREFIX = 10
_MID_BASE = 16
_EDGE_PUNCT = re.compile(r"^[、,.:;)\]\-—–─~+]+|[、,.:;(\[\-—–─~+]+$")
_SHARE_BASE = re.compile(r"的$|总")  # what follows a cue when it is the base of a share (总课时的, 总数)
_SHARE_NAMED = re.compile(r"占|比例|比重|率$")
_SHARE_UNITS = ("%", "‰")
_RATE_BASE = re.compile(r"按照?([^按]{1,12}?)的?$")
# adverbs that bound a whole clause's count wherever they stand (各地至少每3年举办1次)
_CLAUSE_BOUND = re.compile(r"(?P<ge>至少|最少)|(?P<le>至多|最多)")
_MIN_INDICATOR = 3
_LABEL_AT = re.compile(rf"(?:{any_label()})\s*")
_FULL_STOP = re.compile(r"[。!?\n]")  # a sentence for its deadline: 到2025年,…;…提高到12%
_RESPECTIVELY = re.compile(r"分别(?=\S{0,6}$)")
_RESPECTIVE_LEAD = re.compile(r"分别(?=\S{0,3}$)")  # 分别创建30所A和B: one count for each thing listed after it
_LONG_NAME = 12
_PREAMBLE = re.compile(r"[、为以在]")  # 以A、B为核心校组建…, 在A、B等城区新建…
_OBJECT = 8
_BASELINE_BEFORE = re.compile(r"(?:由|从)\s*$")
_MAX_CLAUSE = 200  # no indicator's wording runs further from its number
_ASIDE = 30  # how far back an aside's opening bracket is looked for
_CONJUNCTION_END = re.compile(r"[和及与]$")
_PUNCT = re.compile(r"[、,.:;()]")
_BARE_TIME = re.compile(rf"{FREQUENCY}$")  # 小学每周 names when, not what
_EXAMPLES = re.compile(r"\((?:包括|含|如)[^()]*\)")  # (包括音乐、美术、舞蹈等) lists examples of what is measured
_CHANGE_AFTER = re.compile(r"(?:提高|提升|增加|增长|扩大|上升|下降|降低|减少|压缩)?(?:到|至)")


@lru_cache(maxsize=1)
def _lead_filler() -> re.Pattern[str]:
    words = load_words("indicator_fillers.txt")
    return re.compile(rf"^(?:{DEADLINE.pattern}|{YEAR_PHRASE}|每[两三四五\d]?(?:年|学年|学期)有?|"
                      rf"{alternation(words)}|{alternation(tuple(before_cues()))}|[、和及与并且,])+")


@lru_cache(maxsize=2)
def _tail_filler(share: bool = False) -> re.Pattern[str]:
    """Words a wording ends with before its number (进行 and 有 are light verbs: 每学年进行1次自评
    measures 自评, 每个乡镇至少有1所公办园 counts 公办园);
    the total of a share's base (占教师总数) is no filler."""
    totals = "" if share else "|总数|总量"
    light = r"进行|(?<![具拥没所占])有"
    return re.compile(rf"(?:{alternation(tuple(before_cues()))}|要|的|均|都|各|共{totals}|为|是|{light})+$")


@lru_cache(maxsize=1)
def _form_field() -> re.Pattern[str]:
    return re.compile(alternation(load_words("form_fields.txt")))


@lru_cache(maxsize=1)
def _count_verbs() -> tuple[str, ...]:
    return tuple(sorted(load_words("count_verbs.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _call_title() -> re.Pattern[str]:
    return re.compile(alternation(load_words("call_titles.txt")))


def is_plan(title: str | None) -> bool:
    """Plans set goals throughout; a news report, a survey, a call for entries or the founding of a
    committee only where it says so (a call's quotas and a committee's seats are no goals).

    >>> is_plan("关于印发美育工作实施方案的通知"), is_plan("关于开展美育论文征文活动的通知")
    (True, False)
    """
    return title is None or bool(_PLAN_WORDS.search(title)) and not _call_title().search(title)


def _clean(prefix: str, keep_min: bool = False) -> str:
    """The wording without goal cues; with ``keep_min`` a filler that is all there is to
    name the goal stays (计划投资)."""
    lead, tail = _lead_filler(), _tail_filler("占" in prefix)
    name = _ADVERB_DOU.sub("", prefix)
    for _ in range(3):
        name = tail.sub("", name).strip()
        shorter = lead.sub("", name).strip()
        if keep_min and len(shorter) < _MIN_INDICATOR <= len(name):
            break
        name = shorter
    return name


def _coordinated(prefix: str) -> list[str]:
    """``A、B和C均达到`` sets one goal for each of A, B and C."""
    if not _SHARED_GOAL.search(prefix) or not re.search(r"[、和及与]", prefix):
        return [prefix]
    head = _SHARED_GOAL.split(prefix)[0]
    parts = head.split("、")
    last = re.split(r"[和及与](?!.*[和及与])", parts[-1])
    parts = [p for p in parts[:-1] + last if len(p.strip()) >= 2]
    return parts if len(parts) > 1 else [prefix]


@dataclass
class _Sentence:
    """What earlier goals of the same sentence lend to later ones."""

    start: int
    previous: str | None = None
    verb: str | None = None
    consumed: int = 0  # end of the wording the previous goal took after its number
    baseline_of: str | None = None  # 巩固率由96%提高到98%: the wording before 由, for the goal after it
    respective: list[str] | None = None  # the subjects of 分别…, each waiting for its value
    comparator: str | None = None  # the last goal's comparator
    head: str | None = None  # what a list of per-period goals measures (艺术课程 in 艺术课程小学每周…,初中每周…)


def _whole(name: str) -> str:
    """An indicator neither starts nor ends inside brackets or on punctuation: 创建民间工艺(剪纸、泥塑 →
    创建民间工艺, )开设艺术课程 → 开设艺术课程, 、市级 → 市级.

    >>> _whole("创建民间工艺(剪纸、泥塑"), _whole(")开设艺术课程"), _whole("参加人数(男女各半)")
    ('创建民间工艺', '开设艺术课程', '参加人数(男女各半)')
    """
    close = name.find(")")
    if close >= 0 and "(" not in name[:close]:
        name = name[close + 1:]
    opened = name.rfind("(")
    if opened >= 0 and ")" not in name[opened:]:
        name = name[:opened]
    return _EDGE_PUNCT.sub("", name)


def _after_obligation(prefix: str) -> str:
    """The wording after its last 要 with a goal cue (要保证, 要确保): what stands before it is who must act,
    not what is measured (普通高中学校要保证美育类必修课程 → 美育类必修课程), unless too little would be left.

    >>> _after_obligation("普通高中学校要保证美育类必修课程"), _after_obligation("学校要确保")
    ('美育类必修课程', '学校要确保')
    """
    cut = max(_obligation().finditer(prefix), key=lambda m: m.start(), default=None)
    if cut is None or len(_clean(prefix[cut.end():])) < _MIN_INDICATOR:
        return prefix
    return prefix[cut.end():]


@lru_cache(maxsize=1)
def _obligation() -> re.Pattern[str]:
    return re.compile(rf"要(?:{alternation(_long_fillers())})")


@lru_cache(maxsize=1)
def _long_fillers() -> tuple[str, ...]:
    """Goal cues of two characters or more (确保, 力争): unambiguous wherever they stand."""
    return tuple(w for w in load_words("indicator_fillers.txt") if len(w) >= 2)


def _name(prefix: str, suffix: str, sent: _Sentence, unit: str | None = None) -> str:
    prefix = _after_obligation(_EXAMPLES.sub("", prefix))
    name = _whole(_clean(prefix))
    if not suffix and len(name) < _MIN_INDICATOR:
        name = _whole(_clean(prefix, keep_min=True))
    verbs = _count_verbs()
    verb = next((v for v in verbs if name.endswith(v)), None)
    if suffix and len(name) > 1 and _CONJUNCTION_END.search(name):
        # 建立教师合唱团和30个名师工作室: the number counts what follows it, made by the same verb
        name = next((v for v in verbs if name.startswith(v)), "") + _object(suffix)
    elif name.endswith("等") and name.startswith(verbs):
        # 新建A幼儿园等10所幼儿园: the examples are not the indicator
        name = next(v for v in verbs if name.startswith(v)) + suffix
    elif suffix and (len(name) <= 4 or verb):
        name = (name if len(name) <= _SHORT_PREFIX else verb) + _first_item(suffix)
    elif suffix and (_open_end(name) or _open_end(prefix.rstrip())) and \
            not _PUNCT.search(thing := _object(suffix)) and len(name) + len(thing) <= _MAX_INDICATOR:
        name += thing  # 学校每学年进行1次美育工作自评: what is measured follows the number
    if len(name) > _LONG_NAME and not suffix and _PREAMBLE.search(name):
        cut = max((name.rfind(v) for v in verbs if name.rfind(v) > 0 and len(name) - name.rfind(v) <= _OBJECT + len(v)),
                  default=-1)
        if cut > 0:
            name = name[cut:]  # 以A、B为核心校组建教育集团3个: the count is of what the verb makes
    if suffix and name == suffix and sent.verb:
        name = sent.verb + suffix  # 购置800套一体机、4800台电脑: the verb carries over
    elif not suffix and unit in load_words("noun_units.txt") and _open_end(name):
        name += unit  # 普通高中艺术课程开设不低于6个学分: the unit is what is measured
    if sent.previous:
        name = _parallel_level(name, sent.previous, listed=prefix.lstrip().startswith("、"))
        if not suffix:
            name = _parallel_period(name, sent)
    rate = _RATE_BASE.search(name)
    if rate and suffix and unit in _SHARE_UNITS:  # 鼓励学校按总课时的11%开设艺术课程: a rate of the base
        name = f"按{rate.group(1).removeprefix('占')}比例{suffix}"  # a bound before the base named it a share
    return _whole(_shorten(name))


def _shorten(name: str) -> str:
    """A wording over ``_MAX_INDICATOR`` characters loses its start at a boundary, never inside a word: after
    an inner goal cue (学校要确保艺术课程… → 艺术课程…) when there is one, else at whole words.

    >>> _shorten("义务教育阶段学校要确保艺术课程课时总量占国家课程方案规定总课时的比例")
    '艺术课程课时总量占国家课程方案规定总课时的比例'
    """
    if len(name) <= _MAX_INDICATOR:
        return name
    for m in _inner_filler().finditer(name):
        if len(name) - m.end() <= _MAX_INDICATOR and len(name) - m.end() >= _MIN_INDICATOR:
            return name[m.end():]
    at = 0
    for word in jieba.cut(name):
        if len(name) - at <= _MAX_INDICATOR:
            return name[at:]
        at += len(word)
    return name[-_MAX_INDICATOR:]


@lru_cache(maxsize=1)
def _inner_filler() -> re.Pattern[str]:
    """Goal cues of two characters or more, wherever they stand, with a 要 before them."""
    return re.compile(rf"要?(?:{alternation(_long_fillers())})|要")


def _parallel_level(name: str, previous: str, listed: bool = False) -> str:
    """A level that follows a goal at another level is the same goal at that level: with the level alone
    (德育示范校自治区级2所,市级4所 → 德育示范校市级; 建设省级美育基地4个、市级10个 → 建设市级美育基地), or,
    ``listed`` after 、 as another object of the same verb, with its noun but not its verb
    (创建省级特色学校12所、市级特色学校20所 → 创建市级特色学校; after a comma it is a clause of its own).

    >>> _parallel_level("市级", "建设省级美育基地"), _parallel_level("市级特色学校", "创建省级特色学校", listed=True)
    ('建设市级美育基地', '创建市级特色学校')
    >>> _parallel_level("市级", "德育示范校自治区级")
    '德育示范校市级'
    """
    level = _LEVEL_ANY.search(previous)
    if _LEVEL_ONLY.match(name):
        if level is None or level.end() == len(previous):
            return _LEVEL_TAIL.sub("", previous) + name
        return previous[:level.start()] + name + previous[level.end():]
    if listed and level and _LEVEL_ANY.match(name) and previous[:level.start()] in _count_verbs():
        return previous[:level.start()] + name
    return name


def _parallel_period(name: str, sent: _Sentence) -> str:
    """A goal per period after one for another group is of the same thing: in 艺术课程小学一、二年级每周不少于4节,
    小学三至六年级每周不少于3节,初中每周不少于2节 each group's lessons are 艺术课程; the head is what the previous
    wording writes before the group that starts this one, and it stays for the rest of the sentence.

    >>> sent = _Sentence(0, previous="艺术课程小学一、二年级每周")
    >>> _parallel_period("小学三至六年级每周", sent), _parallel_period("初中每周", sent)
    ('艺术课程小学三至六年级每周', '艺术课程初中每周')
    """
    if not (_BARE_TIME.search(name) and sent.previous and _BARE_TIME.search(sent.previous)):
        return name
    at = sent.previous.find(name[:2])
    if at > 0:
        sent.head = sent.previous[:at]
    return name if not sent.head or name.startswith(sent.head) else sent.head + name


def _open_end(name: str) -> bool:
    """Whether a wording stops before what it measures: on a bare time word (小学每周) or on a verb
    (帮助学生形成, 各县区要选定), so that the noun after the number completes it.

    >>> _open_end("学校每学年"), _open_end("帮助学生形成"), _open_end("艺术教育特色学校")
    (True, True, False)
    """
    if _BARE_TIME.search(name):
        return True
    words = list(posseg.cut(name))
    return bool(words) and words[-1].flag == "v"


def _object(suffix: str) -> str:
    """The noun phrase a count is of, up to a verb that takes an object of its own (学校开展试点 → 学校);
    a verb that ends the phrase is its head noun's action (美育工作自评).

    >>> _object("学校开展试点"), _object("艺术特长和爱好"), _object("美育工作自评并实行校长负责制")
    ('学校', '艺术特长和爱好', '美育工作自评')
    """
    words = list(posseg.cut(suffix))
    at = 0
    for i, word in enumerate(words):
        joins = i + 1 < len(words) and words[i + 1].flag == "c"
        if word.flag == "c" and i and words[i - 1].flag == "v":
            return suffix[:at]  # 美育工作自评并实行校长负责制: 并 opens the next clause
        if word.flag == "v" and at and i < len(words) - 1 and not joins:
            return suffix[:at]
        at += len(word.word)
    return suffix


def _first_item(suffix: str) -> str:
    """The wording after a number up to a 、 that opens another verb's phrase: in 掌握1-2项艺术爱好或特长、满足社会
    人才需求 the count is of the first phrase only; a 、 between nouns (歌手、舞蹈) stays.

    >>> _first_item("艺术爱好或特长、满足社会人才需求的目标要求"), _first_item("合唱、舞蹈比赛")
    ('艺术爱好或特长', '合唱、舞蹈比赛')
    """
    at = 0
    for part in suffix.split("、"):
        if at and (words := list(posseg.cut(part))) and words[0].flag == "v":
            return suffix[:at - 1]
        at += len(part) + 1
    return suffix


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank quoted names and cited titles, so 两学一做 or 十项准则 yield no numbers, and terms of office
    (自2020年8月起至2024年8月止), whose end year neither cues a goal nor sets a deadline."""
    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group())
    chars = list(TERM.sub(blank, _QUOTED.sub(blank, text)))
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


class _Breaks:
    """Where sentences, clauses and full sentences end, found once per text, so that each quantity
    finds its own sentence by bisection and a text of one endless sentence costs linear time."""

    def __init__(self, rx: re.Pattern[str], text: str) -> None:
        self.stops = [m.start() for m in rx.finditer(text)]
        self.size = len(text)

    def start_before(self, pos: int) -> int:
        """Where the unit holding ``pos`` starts: just after the last stop before ``pos`` (0 if none)."""
        i = bisect_right(self.stops, pos - 1)
        return self.stops[i - 1] + 1 if i else 0

    def end_after(self, pos: int) -> int:
        """The first stop at or after ``pos`` (the text's end if none)."""
        i = bisect_left(self.stops, pos)
        return self.stops[i] if i < len(self.stops) else self.size


@dataclass
class _Cues:
    """Where a sentence's first future and past cues end (None if it has none), so that "is there a
    cue before the number" is one comparison per quantity, not a scan of the sentence."""

    future: int | None
    past: int | None

    @classmethod
    def of(cls, text: str, start: int, end: int) -> _Cues:
        def first_end(words: tuple[str, ...]) -> int | None:
            ends = [at + len(w) for w in words if (at := text.find(w, start, end)) >= 0]
            return min(ends) if ends else None
        return cls(first_end(load_words("future_cues.txt")), first_end(load_words("past_cues.txt")))


def find_targets(text: str, plan: bool, breaks: tuple[int, ...] = (),
                 masked_spans: list[tuple[int, int]] | None = None) -> list[tuple[Target, tuple[int, int]]]:
    """Targets with the span of their indicator wording; ``breaks`` are ends of headings
    (a run-in heading is no part of an indicator). Sections are filled in later.

    Linear in the text: sentence and clause ends are found once, cues once per sentence, deadlines
    once per full sentence, and a clause's wording is read back at most ``_MAX_CLAUSE`` characters."""
    masked = _mask(text, masked_spans or [])
    found: list[tuple[Target, tuple[int, int]]] = []
    sentence_of: list[int] = []  # the start of each found target's sentence
    sent = _Sentence(-1)
    quantities = find_quantities(masked)
    cue_starts = [q.cue_start for q in quantities]  # ascending: the quantities come in text order
    sentences, fulls, clauses = (_Breaks(rx, masked) for rx in (_SENTENCE_END, _FULL_STOP, _CLAUSE_END))
    clause_breaks = [stop + 1 for stop in clauses.stops]
    heading_ends = sorted(breaks)
    cues = _Cues(None, None)
    due: tuple[int, int | None] = (-1, None)  # a full sentence's start and its deadline
    for q in quantities:
        start = sentences.start_before(q.cue_start)
        if start != sent.start:
            sent = _Sentence(start)
            cues = _Cues.of(masked, start, sentences.end_after(q.end))
        whole_start = fulls.start_before(q.cue_start)
        if whole_start != due[0]:
            due = (whole_start, deadline(masked[whole_start:fulls.end_after(q.end)]))
        if _in_brackets(masked, max(start, q.cue_start - _ASIDE), q.cue_start):
            continue  # 项目(限1项), 学校(含4个教学点): an aside qualifies, it sets no goal
        has_future = cues.future is not None and cues.future <= q.cue_start
        if not has_future and cues.past is not None and cues.past <= q.cue_start:
            continue
        if not plan and cues.future is None:
            continue
        clause_start = max(_last_break(clause_breaks, q.cue_start), _last_break(heading_ends, q.cue_start),
                           sent.consumed, q.cue_start - _MAX_CLAUSE)
        prefix = text[clause_start:q.cue_start]
        if _BASELINE_BEFORE.search(prefix) and _CHANGE_AFTER.match(masked, q.end):
            sent.baseline_of = _BASELINE_BEFORE.sub("", prefix)
            sent.consumed = q.end
            continue  # the starting value, not the goal
        if sent.baseline_of is not None and (not prefix.strip() or _CHANGE_AFTER.match(prefix)):
            prefix, sent.baseline_of = sent.baseline_of, None
        if q.unit == "年" and q.comparator is None and "年限" not in prefix:
            continue  # 经过3年努力: a duration, not a goal
        limit = min(clauses.end_after(q.end), q.end + _MAX_CLAUSE)
        after = q.end
        if masked[q.end:q.end + 1] == "(" and (close := masked.find(")", q.end, limit)) >= 0:
            after = close + 1  # 按总课时的11%(1047课时)开设艺术课程: the wording resumes after the aside
        at = bisect_left(cue_starts, after)
        nxt = cue_starts[at] if at < len(cue_starts) and cue_starts[at] < limit else None
        between = text[after:nxt if nxt is not None else limit]
        if nxt is not None:  # the next goal's wording starts after the last 、 before its number
            between = re.split(r"[、和及与](?!.*[、和及与])", between)[0]
        suffix = _SUFFIX_END.split(between, maxsplit=1)[0][:_MAX_SUFFIX].lstrip("的").rstrip("、和及与")
        if masked[clause_start - 1:clause_start] == ":" and sent.previous is None:
            sent.previous = _list_head(text[max(start, _last_break(clause_breaks, clause_start - 1)):clause_start - 1])
        if _RESPECTIVELY.search(prefix) and sent.respective is None:
            sent.respective = _respective_names(_RESPECTIVELY.split(prefix)[0])
        if sent.respective and (_RESPECTIVELY.search(prefix) or not prefix.strip("、和及与 ")):
            prefix = sent.respective.pop(0)  # A、B分别不高于0.50、0.45: one goal each, in order
            if q.comparator is None and sent.comparator:
                q = replace(q, comparator=sent.comparator)  # …、0.45 keeps the cue of the first value
        made = _targets(q, prefix, suffix, due[1], sent, clause_start)
        found += made
        sentence_of += [start] * len(made)
        sent.consumed = q.end + len(suffix)
    _share_trailing_noun([t for t, _ in found], sentence_of)
    return found


def _share_trailing_noun(targets: list[Target], sentence_of: list[int]) -> None:
    """Levels listed before one noun count that noun: in 建成省级50个、市级200个、县级1000个美育名师工作室 the
    goals at 省级 and 市级 are of 美育名师工作室 too, which only the last item writes; ``sentence_of``
    gives each target's sentence, and only a run in one sentence shares."""
    for i in range(len(targets) - 1, 0, -1):
        last = _LEVEL_ANY.search(targets[i].indicator)
        if last is None or last.end() == len(targets[i].indicator):
            continue
        noun, verb = targets[i].indicator[last.end():], targets[i].indicator[:last.start()]
        j = i - 1
        while j >= 0 and sentence_of[j] == sentence_of[i] and _LEVEL_TAIL.search(targets[j].indicator) and \
                targets[j].indicator[:_LEVEL_TAIL.search(targets[j].indicator).start()] == verb:
            targets[j].indicator += noun
            j -= 1


def _in_brackets(text: str, lo: int, pos: int) -> bool:
    """Whether ``pos`` stands inside a bracket opened after ``lo``, not closed before ``pos``, with words
    before it: (限1项), (含4个教学点) qualify what stands outside; (约50所) right after its bracket
    restates the goal before it, and is one."""
    opened = text.rfind("(", lo, pos)
    return opened >= 0 and text.find(")", opened, pos) < 0 and bool(text[opened + 1:pos].strip())


def _respective_names(subjects: str) -> list[str]:
    """小学、初中校际综合差异系数 → 小学校际综合差异系数, 初中校际综合差异系数: the last item
    carries the words all items share.

    >>> _respective_names("小学、初中校际综合差异系数")
    ['小学校际综合差异系数', '初中校际综合差异系数']
    >>> _respective_names("艺术专职教师比例小学和初中")
    ['小学艺术专职教师比例', '初中艺术专职教师比例']
    """
    items = [i for i in re.split(r"[、和及与]", _clean(subjects)) if i]
    if len(items) < 2:
        return []
    first, last = items[0], items[-1]
    if len(first) > len(last) + 1:  # 艺术专职教师比例小学和初中: the first item carries the shared head
        head, items[0] = first[:-len(last)], first[-len(last):]
        return [item + head for item in items]
    shared = last[len(first):] if len(last) > len(first) + 1 else ""
    return [item + shared for item in items[:-1]] + [last]


def _targets(q: Quantity, prefix: str, suffix: str, due: int | None, sent: _Sentence,
             clause_start: int) -> list[tuple[Target, tuple[int, int]]]:
    comparator, share = q.comparator, ""
    mid = _mid_cue(prefix)
    if mid:  # 课时总量不低于总课时的9%: the cue stands before the base of a share
        comparator = comparator or before_cues()[mid.group()]
        rest = prefix[mid.end():].strip()
        share = "" if rest in _count_verbs() else _share_of(prefix[:mid.start()], mid.group(), rest, q)
        prefix = prefix[:mid.start()] + (rest if rest in _count_verbs() else "")
    bound = _CLAUSE_BOUND.search(prefix) if comparator is None else None
    if bound:  # the adverb is the comparator, no part of what is measured (各地至少每3年举办1次)
        comparator = ">=" if bound.group("ge") else "<="
        prefix = prefix[:bound.start()] + prefix[bound.end():]
    comparator = comparator or "="
    out = []
    prefix, objects = _respective_objects(prefix, suffix)
    for part, thing in ((p, o) for p in _coordinated(prefix) for o in objects):
        name = canonical(_name(part + share, thing, sent, q.unit))
        if len(name) < 2 or _form_field().search(name):
            continue
        out.append((Target(indicator=name, comparator=comparator, value=q.value, placeholder=q.placeholder,
                           unit=q.unit, deadline=due, section=None, span=(clause_start, q.end),
                           indicator_span=(clause_start, q.cue_start)), (clause_start, q.cue_start)))
        sent.previous, sent.comparator = name, comparator
        # the verb that makes the count carries over, after a subject too (学校培养100名带头人,1000名骨干教师)
        sent.verb = next((v for v in _count_verbs() if name.startswith(v) or suffix and _clean(part).endswith(v)),
                         sent.verb)
    return out


def _respective_objects(prefix: str, suffix: str) -> tuple[str, list[str]]:
    """分别 before a count and a list after it sets the count for each listed thing: 分别创建30所“A”和“B” is 30
    of A and 30 of B. Without 分别 just before the number the wording after it stays whole.

    >>> _respective_objects("分别创建", "“书法教育示范学校”和“经典诵读特色学校”")
    ('创建', ['“书法教育示范学校”', '“经典诵读特色学校”'])
    >>> _respective_objects("创建", "艺术特长和爱好")
    ('创建', ['艺术特长和爱好'])
    """
    lead = _RESPECTIVE_LEAD.search(prefix)
    items = [i for i in re.split(r"[、和及与]", suffix) if i.strip()]
    if lead is None or len(items) < 2:
        return prefix, [suffix]
    return prefix[:lead.start()] + prefix[lead.end():], items


def _last_break(breaks: list[int], pos: int) -> int:
    """The last break at or before ``pos`` (0 if none); ``breaks`` sorted."""
    i = bisect_right(breaks, pos)
    return breaks[i - 1] if i else 0


def _list_head(text: str) -> str:
    """The subject a ``X目标:`` list gives its items (实现3年名校长培养目标: 国家级3名…)."""
    return _LIST_HEAD_TAIL.sub("", _DURATION_LEAD.sub("", _clean(text)))


@lru_cache(maxsize=1)
def _cue_rx() -> re.Pattern[str]:
    return re.compile(alternation(tuple(before_cues())))


def _mid_cue(prefix: str) -> re.Match[str] | None:
    """The last comparator cue in a clause when only a short base (总课时的, 规定总课时) follows it."""
    last = None
    for m in _cue_rx().finditer(prefix):
        last = m
    if last is None:
        return None
    rest = prefix[last.end():].strip()
    if rest in _count_verbs():
        return last  # 每所学校至少组建3个: the cue bounds the count the verb makes
    return last if not rest or (len(rest) <= _MID_BASE and _SHARE_BASE.search(rest)) else None


def _share_of(measured: str, cue: str, base: str, q: Quantity) -> str:
    """A share names its base: 骨干教师不低于交流总数的20% measures 骨干教师占交流总数. The base is what
    follows its last 占 (规定占总课时 → 总课时); a wording that already says share (占比, 比例) keeps its own,
    and only a bound names one (达到交流对象的30% sets a level, not a floor on a share)."""
    base = base[base.rfind("占") + 1:].removesuffix("的")
    if q.unit not in _SHARE_UNITS or not base or _SHARE_NAMED.search(measured) or \
            before_cues().get(cue, "=") in ("=", "~"):
        return ""
    return "占" + base


def make_targets(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The ``edukg_targets`` factory: fills ``doc._.targets`` and adds an ``Indicator`` mention
    for each target; headings bound indicators and cited titles hold none."""

    def component(doc: Doc) -> Doc:
        sections = doc._.sections or []
        mentions = list(doc._.mentions or [])
        titled = [(m.start, m.end) for m in mentions if m.type in ("Policy", "Programme")]
        text = TextContext.from_doc(doc).text
        # an indicator starts after a heading's number (第十一条 …每学年发布1次) and after a run-in title
        labels = (_LABEL_AT.match(text, s.span[0]) for s in sections)
        breaks = tuple(s.span[1] for s in sections) + tuple(m.end() for m in labels if m)
        targets = []
        tabled, tables = find_table_targets(text)
        found = tabled + find_targets(text, is_plan(context_of(doc).title), breaks, titled + tables)
        index = SectionIndex(sections)
        for target, span in sorted(found, key=lambda ts: ts[0].span):
            section = index.at(target.span[1])
            target.section = section.path if section else None
            targets.append(target)
            mentions.append(Mention("Indicator", target.indicator, span[0], span[1]))
        doc._.targets = targets
        doc._.mentions = mentions
        return doc

    return component
