"""Is a model-written string said by the text it cites?  Deterministic checks, one per kind of string.

Offsets prove where a quote is, not that the quote says what a fact claims.  Every string the model
writes (an item's paraphrase, a digest sentence, a quantity name, a channel, a work kind) is checked here
against the source text it cites before it ships; what fails is not shipped (the caller falls back to the
source's own words or drops it) and is counted with the reason code of :class:`Verdict`.

* **Words.** A paraphrase must be made of its quote's words: most of its characters and of its character
  pairs (bigrams) occur in the quote, and every number it states is printed there.  A paraphrase that a
  neighbouring item's quote supports better than its own is a shifted label (``matches_neighbour``).  A
  clause or list member written more often than its quote prints it is a model running on (``repeated``:
  主动公开、依申请公开、政府信息管理、依申请公开、依申请公开… from a quote that names each once).
* **Leaks.** Text that matches a prompt's worked example and not the source is ``leaked_example``.
* **Channels and kinds.** A channel must be named in the clause of the figure or in the list it belongs
  to; a work kind must be named by the item's words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from rapidfuzz import fuzz

from extractor.narrative.schema import WorkKind

Reason = Literal[
    "supported",
    "empty",
    "unsupported_words",
    "invented_number",
    "matches_neighbour",
    "repeated",
    "leaked_example",
    "too_long",
    "unsupported_channel",
    "unsupported_kind",
    "outside_section",
    "unbound_number",
]

_WORD_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# characters that glue a paraphrase together without carrying its content
_FUNCTION_CHARS = frozenset("的了和与及并等在对将把被为是有也")
MIN_CHAR_SHARE = 0.85  # of the text's content characters found in the quote
MIN_BIGRAM_SHARE = 0.6  # of the text's character pairs found in the quote
NEIGHBOUR_MARGIN = 0.15


@dataclass(frozen=True)
class Verdict:
    """The check's answer: ``ok`` and a reason code; ``score`` is the share of the text's pairs in its quote."""

    reason: Reason
    score: float = 0.0
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.reason == "supported"


def content(text: str) -> str:
    """The characters that carry meaning: CJK, Latin letters and digits (no punctuation, no spaces)."""
    return "".join(_WORD_CHARS.findall(text))


def _bigrams(text: str) -> list[str]:
    chars = content(text)
    return [chars[i : i + 2] for i in range(len(chars) - 1)]


def word_share(text: str, source: str) -> tuple[float, float]:
    """``(char share, bigram share)``: how much of ``text`` is made of ``source``'s characters and pairs."""
    chars = [c for c in content(text) if c not in _FUNCTION_CHARS]
    src_chars = set(content(source))
    char_share = sum(c in src_chars for c in chars) / len(chars) if chars else 0.0
    pairs = _bigrams(text)
    src_pairs = set(_bigrams(source))
    pair_share = sum(p in src_pairs for p in pairs) / len(pairs) if pairs else char_share
    return char_share, pair_share


def invented_numbers(written: str, source: str) -> list[str]:
    """Numbers in model-written text that its source text does not print."""
    present = set(_NUMBER.findall(source.replace(",", "")))
    return [n for n in _NUMBER.findall(written.replace(",", "")) if n not in present]


def repeated_piece(written: str, source: str) -> str | None:
    """A clause or list member of ``written`` (between 、 , ; and 。) that it repeats more often than ``source``
    prints it, if any."""
    pieces = Counter(piece for part in re.split(r"[、,，;；。]", written) if len(piece := content(part)) >= 2)
    printed = content(source)
    return next((piece for piece, n in pieces.items() if n >= 2 and n > printed.count(piece)), None)


def says_again(later: str, earlier: str) -> bool:
    """Whether the sentence ``later`` only says again what ``earlier`` says: its words inside it, or a run of at
    least 20 of its characters (or of 60% of them) printed the same (…立足新发展阶段。全面贯彻…立足新发展阶段、…)."""
    a, b = content(later), content(earlier)
    if a in b:
        return True
    run = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size
    return run >= 20 or run >= 0.6 * len(a)


_NO_BREAK = re.compile(r"[“”‘’\"'《》「」『』\s]")  # quotes and titles: inside a clause
_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?()（）]")
_CITED_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零\d]+条")
WHOLE_CLAUSE_CHARS = 8  # a last clause at most this long that stops inside a phrase of its source was cut there


def _breaks_marked(text: str) -> str:
    """``text`` with its quotes, titles and spaces taken out and each clause break printed as ``|``."""
    return _CLAUSE_BREAK.sub("|", _NO_BREAK.sub("", text))


def whole_clauses(written: str, sources: Sequence[str]) -> str:
    """``written`` (model text that ends with 。) without a last clause that stops inside a phrase its sources print
    on (…积极推进政府信息公开各项工作，在主动公开。 where they print 在主动公开方面…; 坚持‘依法。) and a first clause that
    starts inside a quotation or a citation (不公开为例外’，… / 第二十条规定，… after 《条例》): the model cut them there.
    "" when no whole clause is left."""
    marked = "|" + "|".join(_breaks_marked(s) for s in sources) + "|"
    clauses = [c for c in re.split(r"(?<=[，,；;])", written.rstrip("。")) if content(c)]
    if not clauses:
        return ""
    first = _breaks_marked(clauses[0]).strip("|")
    opened = clauses[0].count("‘") + clauses[0].count("“") + clauses[0].count("《")
    closed = clauses[0].count("’") + clauses[0].count("”") + clauses[0].count("》")
    if closed > opened or (_CITED_ARTICLE.match(first) and f"》{first}" in re.sub(r"\s", "", "".join(sources))):
        clauses = clauses[1:]
    if clauses:
        last = _breaks_marked(clauses[-1]).strip("|")
        at = [m.start() for m in re.finditer(re.escape(last), marked)] if last else []
        if at and len(content(last)) <= WHOLE_CLAUSE_CHARS and all(marked[p + len(last)] != "|" for p in at):
            clauses = clauses[:-1]
    if not clauses:
        return ""
    return "".join(clauses).rstrip("，,；;") + "。"


def check_words(text: str, quote: str, *, neighbours: Sequence[str] = (), max_chars: int | None = None) -> Verdict:
    """A paraphrase (or summary sentence) against the quote it cites."""
    if not content(text):
        return Verdict("empty")
    if max_chars is not None and len(text) > max_chars:
        return Verdict("too_long", detail=f"{len(text)} characters")
    if numbers := invented_numbers(text, quote):
        return Verdict("invented_number", detail=", ".join(numbers))
    if piece := repeated_piece(text, quote):
        return Verdict("repeated", detail=piece)
    chars, pairs = word_share(text, quote)
    if chars < MIN_CHAR_SHARE or pairs < MIN_BIGRAM_SHARE:
        return Verdict("unsupported_words", pairs, f"{chars:.0%} of its characters and {pairs:.0%} of its pairs are in the quote")
    for other in neighbours:
        if other and word_share(text, other)[1] > pairs + NEIGHBOUR_MARGIN:
            return Verdict("matches_neighbour", pairs, f"a neighbouring item says it better: {other[:30]}")
    return Verdict("supported", pairs)


def unbound_number(text: str, sentences: Sequence[str]) -> str | None:
    """The first clause of ``text`` that prints figures no one source sentence both prints and supports: a figure
    stays with what its own sentence says it counts (鄂州市政府网共受理…申请37件 is refused where the 37 applications
    are the office's, printed in a sentence that names no website); None when every such clause is bound."""
    for clause in re.split(r"[，,；;。]", text):
        if not _NUMBER.search(clause) or not content(clause):
            continue
        holders = [s for s in sentences if not invented_numbers(clause, s)]
        if not any(chars >= MIN_CHAR_SHARE and pairs >= MIN_BIGRAM_SHARE for chars, pairs in (word_share(clause, s) for s in holders)):
            return clause  # (the same bar as a whole sentence's, against the one sentence that prints the figures)
    return None


class ExampleGuard:
    """The strings of a prompt's worked examples: model text that repeats one of them is a leak."""

    def __init__(self, example_texts: Iterable[str]) -> None:
        found: set[str] = set()
        for text in example_texts:
            for piece in re.findall(r"\"((?:[^\"\\]|\\.)*)\"", text):  # JSON string values of an example answer
                if len(content(piece)) >= 4:
                    found.add(piece)
            for piece in re.split(r"[。;；\n]", text):  # sentences of an example report
                if len(content(piece)) >= 6:
                    found.add(piece.strip())
        self._examples = sorted(found, key=len, reverse=True)

    def leak(self, text: str, source: str) -> str | None:
        """The example string ``text`` copies, when the source does not say it; else None."""
        body = content(text)
        if len(body) < 4:
            return None
        for example in self._examples:
            ex = content(example)
            if not ex:
                continue
            similar = body in ex or (len(ex) >= 6 and ex in body) or fuzz.ratio(body, ex) >= 80
            if similar and word_share(text, source)[1] < 0.9:
                return example
        return None


def check_channel(channel: str | None, allowed: Iterable[str]) -> Verdict:
    """A channel must be one the figure's clause or list names (``allowed`` is what code found there)."""
    if not channel:
        return Verdict("supported", 1.0)
    names = {c for c in allowed if c}
    parts = [p for p in re.split(r"[、,，/和及]", channel) if p]
    if parts and all(p in names for p in parts):
        return Verdict("supported", 1.0)
    return Verdict("unsupported_channel", detail=f"{channel} is not named where the figure is printed")


# the words by which the rules name a platform kind when no more specific one is named (rules.platform_kind: the
# kind named first in the point wins, so the order here does not matter); the kind check accepts each of them
GENERAL_KIND_WORDS: tuple[tuple[str, WorkKind], ...] = (
    ("集约", "intensive"), ("整合", "intensive"), ("融合", "intensive"), ("新媒体", "new_media"), ("融媒体", "new_media"), ("公众号", "new_media"),
    ("微博", "new_media"), ("微信", "new_media"), ("抖音", "new_media"), ("视频号", "new_media"), ("自媒体", "new_media"),
    ("热线", "hotline"), ("电话", "hotline"), ("网站", "website"), ("门户", "website"), ("栏目", "website"), ("专栏", "website"), ("专题", "website"),
    ("子站", "website"), ("错别字", "website"), ("错敏", "website"), ("错链", "website"), ("无效链接", "website"), ("断链", "website"),
    ("系统", "system"), ("问答平台", "system"), ("数据库", "website"), ("文件库", "website"), ("规章库", "website"),
    ("留言板", "website"), ("检索功能", "website"), ("搜索功能", "website"), ("智能检索", "website"), ("智能搜索", "website"),
)
# the words that name each kind of work: an item whose words name none of its kind's is refused that kind
_OWN_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "website": ("网站", "门户", "栏目", "专栏", "专题", "专区", "子站", "网页", "页面"),
    "new_media": ("新媒体", "公众号", "微博", "微信", "抖音", "视频号", "头条", "自媒体", "客户端", "APP", "App"),
    "gazette": ("公报",),
    "hotline": ("热线", "12345"),
    "intensive": ("集约", "整合", "统一平台", "网站群"),
    "accessibility": ("适老", "无障碍", "大字", "读屏"),
    "redesign": ("改版", "改造", "升级"),
    "open_day": ("开放日", "公开日", "开放周", "开放月", "开放活动"),
    "training": ("培训", "轮训", "辅导", "授课", "讲座"),
    "assessment": ("考核", "考评", "绩效", "评估", "评议", "测评", "检查", "督查", "督导", "抽查", "巡查", "暗访"),
    "accountability": ("问责", "追究", "督办", "整改", "通报", "约谈", "责任"),
    "system": ("系统", "平台", "OA", "机制", "制度"),
}
KIND_WORDS: dict[str, tuple[str, ...]] = {
    kind: words + tuple(w for w, k in GENERAL_KIND_WORDS if k == kind and w not in words) for kind, words in _OWN_KIND_WORDS.items()
}


def check_kind(kind: str, text: str, *, platforms_part: bool) -> Verdict:
    """A work kind must be named by the item's words (``other``: only inside the 平台建设 sub-part)."""
    if kind == "other":
        return Verdict("supported", 1.0) if platforms_part else Verdict("unsupported_kind", detail="other outside 平台建设")
    words = KIND_WORDS.get(kind, ())
    if any(w in text for w in words):
        return Verdict("supported", 1.0)
    return Verdict("unsupported_kind", detail=f"the item names nothing of kind {kind}")


def best_sources(text: str, candidates: Sequence[tuple[int, int, str]], limit: int = 3) -> list[tuple[int, int, str]]:
    """The source sentences that support a summary sentence best (by shared pairs), in text order."""
    pairs = set(_bigrams(text))
    scored = []
    for start, end, sentence in candidates:
        shared = len(pairs & set(_bigrams(sentence)))
        if shared:
            scored.append((shared, start, end, sentence))
    scored.sort(key=lambda s: -s[0])
    chosen: list[tuple[int, int, str]] = []
    covered: set[str] = set()
    for _, start, end, sentence in scored:
        gain = (pairs & set(_bigrams(sentence))) - covered
        if not gain:
            continue
        chosen.append((start, end, sentence))
        covered |= gain
        if len(chosen) == limit or covered >= pairs:
            break
    return sorted(chosen)
