"""Programmes: named initiatives that are implemented, launched, built or joined.

Shapes, in the order they are tried:

- a run of quoted names with a shared tail: “阳光德育”“精细管理”…五大工程 (each name
  takes the group's head, 阳光德育工程, and is part of 五大工程), “121”“127”等课堂教学模式
  (each takes the tail: 121课堂教学模式), “三名”培训工程 (the tail joins the name);
- a quoted name alone when it is launched or implemented (推进“两学一做”, 落实“双减”), or when it
  ends in its own kind word (结合“学生艺术活动月”);
- an unquoted name ending in a head word, read back to its boundary (立德树人计划);
- a counted group (五项计划, 十大行动);
- a campaign named by what it brings (高雅艺术进校园) where it stands as a noun;
- a recurring event (展演, 展评) named with its own place or edition (重庆市第三届中小学班级合唱视频展评).

Principles and slogans (坚持“五育融合”, “四为”工作方向) are not programmes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.components.mentions import Mention
from extractors.lexicons import alternation, load_table, load_words
from extractors.names import canonical
from extractors.patterns import CN_DIGITS, FIVE_YEAR_PLAN, GROUP_COUNT, SMALL_NUMBER, load_patterns
from extractors.places import division_spans
from extractors.recognisers.common import TextContext, read_back

_RUN = re.compile(r"(?:“[^“”\n]{1,24}”[、和及与]?)+")
_ITEM = re.compile(r"“([^“”\n]{1,24})”")
# 一校一案, 三笔一话, 一师一优课: the counted formula that names a scheme
_FORMULA = re.compile(rf"^[{CN_DIGITS}两]\w{{1,2}}[{CN_DIGITS}两]\w{{1,2}}$")
_PERIOD = re.compile(f"^{FIVE_YEAR_PLAN}$")
_NOT_A_HEAD = re.compile(r"方案|规划|纲要|意见|办法|[到在于用将从对]")
_MAX_NAME = 14
_TITLE = re.compile(r"《[^《》\n]{1,120}》")
_MAX_EVENT = 20  # 重庆市义务教育阶段学校第三届课堂器乐视频展评: an event's name carries its place and edition
_NATIONAL_OR_EDITION = re.compile(rf"全国|第{SMALL_NUMBER}届")
_MAX_TAIL = 10


@dataclass(frozen=True)
class Group:
    """A counted group of programmes and the members named with it."""

    group: Mention
    members: tuple[Mention, ...]


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for kind, word in load_table("programme_words.tsv"):
        out.setdefault(kind, []).append(word)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _rx() -> dict[str, re.Pattern[str]]:
    w = _words()
    heads = alternation(w["head"] + ("专项计划",))
    any_head = alternation(w["head"] + w["quoted-head"])
    return {
        "head": re.compile(rf"(?:{heads})(?:\d+\.\d+)?"),
        # a tail holds no count: “名师领航”计划三个子项目 is 名师领航计划 (then a count of sub-projects)
        "tail": re.compile(rf"等?((?:(?![{CN_DIGITS}两\d]+[个项大类])[^,。;;、“”:\n]){{0,{_MAX_TAIL}}}"
                           rf"(?:{any_head})(?:\d+\.\d+)?)"),
        "group": re.compile(rf"{GROUP_COUNT}(?:{alternation(w['group'])})"),
        # a quoted name that ends in its own kind word (“学生艺术活动月”) says it is a programme
        "headed": re.compile(rf"\w(?:{any_head})$"),
        "campaign": re.compile(alternation(w["campaign"])),
        "event": re.compile(rf"(?:{alternation(w['event'])})(?:活动)?"),
        "generic": re.compile(rf"^(?:{alternation(load_words('programme_generic.txt'))}|[、和及与的])+$"),
    }


@lru_cache(maxsize=1)
def _quoted_title() -> re.Pattern[str]:
    """Quotes whose content ends in a document type that is not also a programme head (计划)."""
    heads = set(_words()["head"])
    types = tuple(t for t in load_words("doc_types.txt") if t not in heads and not t.endswith(tuple(heads)))
    return re.compile(rf"“[^“”\n]{{4,120}}(?:{alternation(types)})”")


def _launched(text: str, pos: int) -> bool:
    before = text[max(0, pos - 5):pos]
    return any(before.endswith(v) for v in _words()["verb"])


def _slogan(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 4):start]
    after = text[end:end + 4]
    w = _words()
    return any(before.endswith(x) for x in w["not-before"]) or any(after.startswith(x) for x in w["not-after"])


def _listed(item: re.Match[str]) -> list[tuple[str, int, int]]:
    """The names in one quoted item of a group: “强师、优校、惠民”三大行动 lists three."""
    out, pos = [], item.start(1)
    for part in item.group(1).split("、"):
        out.append((part, pos, pos + len(part)))
        pos += len(part) + 1
    return out


def quoted_runs(ctx: TextContext) -> tuple[list[Mention], list[Group]]:
    """Programmes named in quotes, and the counted groups they are listed in."""
    text = ctx.text
    rx = _rx()
    mentions: list[Mention] = []
    groups: list[Group] = []
    for run in _RUN.finditer(text):
        items = [m for m in _ITEM.finditer(text, run.start(), run.end())
                 if not m.group(1).startswith("《") and not _PERIOD.match(m.group(1))]
        if not items:
            continue
        end = run.end()
        group = rx["group"].match(text, end) or (text[end:end + 1] == "等" and rx["group"].match(text, end + 1))
        tail = rx["tail"].match(text, end)
        if tail and tail.end() not in ctx.ends:
            tail = None  # “人人通”试点校: the head word is part of a longer word
        if group:
            head = re.sub(f"^{GROUP_COUNT}", "", group.group())
            members = tuple(Mention("Programme", canonical(name + head), s, e)
                            for m in items for name, s, e in _listed(m))
            whole = Mention("Programme", canonical(group.group()), group.start(), group.end())
            groups.append(Group(whole, members))
            mentions += [*members, whole]
        elif tail and tail.group(1) not in _words()["generic-tail"] and not (
                tail.group(1).endswith("改革") and len(tail.group(1)) > 2):  # “县管校聘”校长职级制改革: two things
            suffix = tail.group(1)
            if len(items) == 1:
                mentions.append(Mention("Programme", canonical(items[0].group(1) + suffix), items[0].start(),
                                        tail.end()))
            else:  # each takes the shared tail unless it already ends with a head (“拔尖计划”“斩尾”行动)
                mentions += [Mention("Programme", canonical(m.group(1) + ("" if rx["head"].search(m.group(1)) else
                                                                           suffix)), m.start(), m.end())
                             for m in items]
        elif not _slogan(text, run.start(), run.end()):
            # “班班有歌声”活动: a kind word after the quotes names the quoted phrase as an initiative
            launched = _launched(text, run.start()) or text.startswith(_words()["kind-tail"], end)
            mentions += [Mention("Programme", canonical(m.group(1)), m.start(), m.end()) for m in items
                         if launched or _FORMULA.match(m.group(1)) or rx["headed"].search(m.group(1))]
    return mentions, groups


def _past_verbs(ctx: TextContext, start: int, end: int) -> int:
    """The start of a name moved past the last verb that takes it as object (积极开展高雅艺术进校园,
    美育师资队伍培训列入年度计划, 安排资金用于…提升计划). The segmenter glues an adverb to
    the verb (积极开展, 深入开展), so the verb need only end a word, not start one."""
    last = start
    for v in _verb_rx().finditer(ctx.text, start, end):
        if v.end() in ctx.ends and v.end() < end:
            last = v.end()
    return last


@lru_cache(maxsize=1)
def _verb_rx() -> re.Pattern[str]:
    return re.compile(alternation(_words()["verb"] + _words()["object-verb"]))


def _unquoted(ctx: TextContext) -> list[Mention]:
    text = ctx.text
    out = []
    for m in _rx()["head"].finditer(text):
        if text[m.start() - 1:m.start()] == "”" or _NOT_A_HEAD.match(text, m.end()) or m.end() not in ctx.ends:
            continue  # read by the quoted shapes; or 行动方案 (a document), 计划到2025年 (a verb)
        start = read_back(ctx, m.start(), _MAX_NAME, verb_ends_name=True)
        start = _past_verbs(ctx, start, m.start())
        name = text[start:m.start()]
        bare = name.removesuffix(next((v for v in _words()["object-verb"] if name.endswith(v)), ""))
        if len(bare) < 2 or _rx()["generic"].match(bare) or re.search(r"[“”,]", name) or name[-1] in "本有":
            continue  # 制定本行动计划, 每年有计划, 全面保障计划: the document itself, or a verb
        out.append(Mention("Programme", canonical(text[start:m.end()]), start, m.end()))
    return out


def _campaigns(ctx: TextContext) -> list[Mention]:
    """高雅艺术进校园、戏曲进校园等活动: each a campaign; 聘请艺人进校园，and 理论进校园、进课堂 are
    predicates, not names."""
    text, out = ctx.text, []
    for m in _rx()["campaign"].finditer(text):
        start = _past_verbs(ctx, read_back(ctx, m.start(), _MAX_NAME), m.start())
        if text[start - 1:start] == "“" or text[m.end():m.end() + 1] == "”" or m.start() - start < 2:
            continue  # quoted: read by the quoted shapes
        if not (_launched(text, start) or text.startswith(_words()["campaign-after"], m.end())):
            continue
        if text[m.end():m.end() + 1] == "、" and text.startswith(m.group()[0], m.end() + 1):
            continue  # 理论进校园、进课堂、进头脑: a run of predicates, a slogan
        out.append(Mention("Programme", canonical(text[start:m.end()]), start, m.end()))
    return out


def _events(ctx: TextContext) -> list[Mention]:
    """A recurring event is named when it carries its place or its edition (东营市大中小学生艺术展演,
    全国第五届中小学生艺术展演活动); without them (举办艺术展演) it is an unnamed activity."""
    text, out = ctx.text, []
    for m in _rx()["event"].finditer(text):
        if m.end() not in ctx.ends:
            continue
        start = read_back(ctx, m.start(), _MAX_EVENT)
        name = text[start:m.start()]
        anchors = [s for s, _ in division_spans(name)[:1]] + [a.start() for a in _NATIONAL_OR_EDITION.finditer(name)]
        if not anchors:
            continue
        start += min(anchors)  # the name starts at its place or edition (举办一次东营市…展演)
        if m.start() - start >= 2:
            out.append(Mention("Programme", canonical(text[start:m.end()]), start, m.end()))
    return out


def counted_groups(ctx: TextContext) -> list[Mention]:
    return [Mention("Programme", canonical(m.group()), m.start(), m.end())
            for m in _rx()["group"].finditer(ctx.text)]


def find(ctx: TextContext) -> list[Mention]:
    """Every programme shape; none inside 《》, which marks a title (a Policy, or the document
    itself when a notice cites itself: …营养改善计划工作要点的通知》), nor inside a title cited
    in quotes (“2017年…营养改善计划工作要点”: quotes that end in a document type)."""
    quoted, _ = quoted_runs(ctx)
    excluded = load_patterns("programme_not.txt")
    titles = [(t.start(), t.end()) for t in _TITLE.finditer(ctx.text)]
    titles += [(t.start(), t.end()) for t in _quoted_title().finditer(ctx.text)]
    return [m for m in quoted + counted_groups(ctx) + _unquoted(ctx) + _campaigns(ctx) + _events(ctx)
            if not any(p.search(m.name) for p in excluded) and not any(s < m.start and m.end < e for s, e in titles)]
