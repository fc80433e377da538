"""Find the six sections (一 … 六), the sub-parts of 一, the metadata and the table template.

Sections are recognised by their titles, never by their numerals: bodies renumber and merge
sections (a report may print its tables as 一/二/三 after six narrative parts), and table 三 itself
contains rows numbered 一、二、三、四. Works on normalized text; spans are normalized offsets that
the pipeline maps back to the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.tables.spec import (
    FORMAT_NOTICE_2019,
    FORMAT_NOTICE_2021,
    TEMPLATE_2019_MARKERS,
    TEMPLATE_2021_MARKERS,
    TEMPLATE_LEGACY_MARKERS,
    marker_regex,
)
from extractor.util import one_edit_apart

# '[…][…]?' rather than '[…]{1,2}' (the same matches): a pattern that opens with a character class
# lets the engine skip to the next numeral instead of trying the whole heading at every character.
_NUM = r"[一二三四五六七八九十][一二三四五六七八九十]?"
_HEAD = rf"(?P<num>{_NUM})\s*[、.,]\s*"

# the measures to come, titled by when (下一步改进措施, 下一步工作计划, 今后工作打算, 今年的工作计划, 2017年信息公开工作改进措施):
# the title of a section 五 printed without its problems, and of the measures' part inside 五
MEASURES_TITLE = (
    r"(?:下一步|今后|下阶段|今年|明年|新的一年|20\d\d\s*年度?)(?:的)?(?:政府信息公开|政务公开|信息公开)?(?:工作)?(?:改进|整改)?"
    r"(?:措施|计划|打算|方向|思路)"
)

# one name of the measures' part of 五 (改进措施, 整改方向, 努力方向, 下一步工作计划, 2025年工作打算, 解决办法): a heading
# names one or several (整改措施及努力方向, 改进措施和下一步打算, 下一步工作思路和措施)
MEASURES_NAME = (
    rf"{MEASURES_TITLE}|改进的?(?:情况|措施|方向|举措|计划|办法|重点|要点|建议|思路|打算)|整改(?:情况|措施|方向|计划)|(?:(?:今后|下一步)的?)?努力方向|"
    r"解决(?:办法|措施)|下一?步(?:工作)?(?:打算|计划|措施|安排|思路|举措|重点|工作)?|今后(?:的)?(?:工作)?(?:改进)?(?:打算|计划|方向)?|"
    r"工作(?:打算|计划|思路|举措)|改进工作的?(?:措施|方向|思路)|进一步(?:整改|改进)(?:措施)?|"
    r"(?:(?:\d{4}年(?:度)?|今年|明年|下一年度?)的?)?(?:政府信息公开|政务公开|信息公开)?(?:工作)?(?:改进|整改)?(?:打算|计划|思路|安排|重点|要点|措施)"
)

# (key, title regex) in report order. Titles tolerate the wording variants seen in real reports.
SECTION_TITLES: tuple[tuple[str, str], ...] = (
    ("overview", r"(?:政府信息公开(?:工作)?)?(?:总体情况|总体概况|概况|概述|基本情况)"),
    ("proactive_table", r"主动公开政府信息(?:的)?情况"),
    # (the old template's 三: 依申请公开政府信息情况, 依申请公开和不予公开政府信息情况)
    ("applications_table", r"收到和处理政府信息公开申请(?:的)?情况|依申请公开(?:和不予公开)?(?:政府)?信息(?:的)?情况"),
    ("review_litigation_table", r"(?:因)?政府信息公开(?:工作)?(?:被申请)?行政复议[、和及与]\s*(?:提起)?行政诉讼(?:的)?情况"),
    # 存在的主要问题及改进情况 and what bodies print instead: 存在的问题及改进措施, 信息公开工作存在的主要问题,
    # 存在问题和不足, 主要问题和改进措施 (a 存在/面临/主要 or a 和改进/和不足 tail says it is that section)
    # (an old-template title may name the measures first: 政府信息公开工作的主要措施、存在的主要问题及下一步工作打算)
    ("problems", r"(?:[^\n。,，:：;；、]{0,16}?、)?(?:[^\n。,，:：;；、]{0,12}?)(?:(?:存在的?|面临的|目前存在的)(?:主要)?|主要)(?:困难[和与及])?(?:问题|不足)"
                 rf"(?:(?:和|及|与|、|以及)(?:{MEASURES_NAME}|不足|困难|问题|原因(?:分析)?|改进|整改))*"
                 # a section 五 titled by its measures alone (MEASURES_TITLE)
                 rf"|{MEASURES_TITLE}"),
    ("other", r"其他需要(?:报告|汇报|说明)的事项"),
)
_SECTION_RE = [(key, re.compile(_HEAD + rf"(?P<title>{title})")) for key, title in SECTION_TITLES]
# Section 五's title on a line of its own that lost its numeral ('工作存在的主要问题', then '四、 2018年工作思路')
_PROBLEMS_LINE = re.compile(rf"(?m)^[ \t\u3000]*(?P<title>{dict(SECTION_TITLES)['problems']})[ \t\u3000]*$")
# Section 五 is sometimes printed without a numeral after the tables: '(一)主要问题'.
_PROBLEMS_FALLBACK = re.compile(r"\(\s*一\s*\)\s*(?P<title>(?:存在的?)?(?:主要)?问题(?:和不足)?)")
# ... or, in a report printed without section numbers, a paragraph that opens with it: '2021年我局…存在的问题:一是…'
# ... or, in a report printed without any section heading, the sentence that turns from what was achieved to what
# falls short, when measures follow: '2013年,本镇…取得了进展,但…还存在一些差距,上传信息量偏少。…从以下几个方面改进:'
_PROBLEMS_TURN = re.compile(
    r"(?:^|(?<=[。\n]))[ \t\u3000]*(?P<title>[^。\n]{0,60}?取得了?[^。\n]{0,30}?(?:进展|成效|成绩|效果)[^。\n]{0,6}?[，,]\s*"
    r"(?:但是?|然而))(?=[^。\n]{0,80}?(?:差距|不足|问题|偏少|不及时|不够|有待))(?=[\s\S]{0,800}?(?:改进|下一步|今后|措施))"
)
_PROBLEMS_PARAGRAPH = re.compile(r"(?m)^[ \t\u3000]*(?P<title>[^\n。:：]{0,30}?存在的?(?:主要)?(?:问题|不足)(?:[和与及](?:不足|问题))?)[:：]")

SUBPART_TITLES: tuple[tuple[str, str], ...] = (
    ("proactive_disclosure", r"主动公开"),
    ("on_request", r"依申请公开|政府信息公开申请"),
    ("info_management", r"政府信息管理"),
    ("platforms", r"(?:政务公开|政府信息公开|公开)?平台(?:载体)?建设|平台建设|建强平台|平台(?:建设)?(?:与|和)?管理|"
                  r"(?:政务公开|公开)?载体建设|(?:信息)?公开渠道建设|(?:政府|门户)?网站(?:建设|管理)(?=方面|情况)|"
                  # a title on a line of its own that names the platforms without 建设 (建强公开平台, 优化公开载体, 网站和新媒体建设;
                  # not a point's headline sentence: 规范公开平台。区政府…)
                  r"(?:(?:政务公开|政府信息公开|信息公开|公开)(?:平台|载体|渠道)|(?:政府)?网站(?:和|与|及|、)(?:政务)?新媒体)(?=[^。\n]{0,12}(?:\n|$))"),
    ("oversight", r"监督保障|监督考核|督察考核|监督检查|"
                  # a title on a line of its own that names oversight otherwise (强化考核监督, 考核评议, 监督和保障, 健全监督机制,
                  # 工作考核、社会评议和责任追究情况)
                  r"(?:考核监督|考核评议|监督(?:和|与|及)保障|监督机制|工作考核|社会评议|责任追究)(?=[^。\n]{0,12}(?:\n|$))"),
)
_SUB_MARK = r"(?:\(\s*[一二三四五六七八九十]\s*\)|[一二三四五六七八九十]\s*是|[一二三四五六七八九十]\s*、|\d\s*[.、])\s*"


@dataclass
class SectionSpan:
    key: str
    number: str | None
    title: str
    start: int  # normalized offsets: heading start .. section end
    heading_end: int
    end: int
    subsections: list[SectionSpan] = field(default_factory=list)


# The official wording of the titles long enough to be recognised with one character wrong (inserted,
# dropped or replaced): used only when the exact pattern finds no heading.
_FUZZY_TITLES: dict[str, tuple[str, ...]] = {
    "proactive_table": ("主动公开政府信息情况",),
    "applications_table": ("收到和处理政府信息公开申请情况",),
    "review_litigation_table": (
        "政府信息公开行政复议、行政诉讼情况",
        "因政府信息公开申请行政复议、提起行政诉讼的情况",
        "政府信息公开行政复议和行政诉讼情况",
    ),
    "problems": ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"),
    "other": ("其他需要报告的事项",),
}
_NUMBERED = re.compile(_HEAD)


@dataclass(frozen=True)
class _Heading:
    start: int
    end: int
    number: str | None
    title: str


def find_sections(text: str) -> list[SectionSpan]:
    found: list[tuple[int, int, str, str | None, str]] = []
    pos = 0
    for key, regex in _SECTION_RE:
        m, at_heading = _first_heading(regex, text, pos)
        if key == "problems" and (line := _PROBLEMS_LINE.search(text, pos, m.start() if m else len(text))):
            m, at_heading = line, True
        if m is None and key == "problems":
            m, at_heading = _first_heading(_PROBLEMS_FALLBACK, text, pos)
        if m is None and key == "problems" and not found:
            m, at_heading = _first_heading(_PROBLEMS_PARAGRAPH, text, pos)
        if m is None and key == "problems" and not found:
            m, at_heading = _first_heading(_PROBLEMS_TURN, text, pos)
        heading = _Heading(m.start(), m.end(), m.groupdict().get("num"), m.group("title")) if m else None
        if not at_heading and key in _FUZZY_TITLES:
            fuzzy = _fuzzy_heading(text, _FUZZY_TITLES[key], pos, heading.start if heading else len(text))
            heading = fuzzy or heading
        if heading is None:
            continue
        found.append((heading.start, heading.end, key, heading.number, heading.title))
        pos = heading.end
    sections = []
    for i, (start, head_end, key, number, title) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        sections.append(SectionSpan(key, number, title, start, head_end, end))
    for section in sections:
        if section.key == "overview":
            section.subsections = find_subparts(text, section)
    return sections


def _heading_position(text: str, start: int) -> bool:
    """Whether a heading can start at ``start``: at a line start, or after a sentence end."""
    before = text[max(0, start - 1) : start]
    return before in ("", "\n", "。", " ", "\t", ")", "…", ":", ";") or before.isdigit()


def _first_heading(regex: re.Pattern[str], text: str, pos: int) -> tuple[re.Match[str] | None, bool]:
    """The first match that stands like a heading, else the first match anywhere; and whether it
    stands like a heading."""
    fallback = None
    for m in regex.finditer(text, pos):
        if _heading_position(text, m.start()):
            return m, True
        fallback = fallback or m
    return fallback, False


def _fuzzy_heading(text: str, titles: tuple[str, ...], pos: int, end: int) -> _Heading | None:
    """The first numbered heading in ``text[pos:end]`` whose title is one of ``titles`` with at most
    one character inserted, dropped or replaced, or two neighbours swapped ('收到和处理政府信息公开申清情况')."""
    for m in _NUMBERED.finditer(text, pos, end):
        if not _heading_position(text, m.start()):
            continue
        best: tuple[int, int] | None = None  # (distance, length)
        for title in titles:
            for length in (len(title), len(title) + 1, len(title) - 1):
                candidate = text[m.end() : m.end() + length]
                distance = 0 if candidate == title else 1 if one_edit_apart(candidate, title) else 2
                if distance <= 1 and (best is None or distance < best[0]):
                    best = (distance, length)
        if best is not None:
            return _Heading(m.start(), m.end() + best[1], m["num"], text[m.end() : m.end() + best[1]])
    return None


def _subpart_regex(title: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?:^|(?<=[\n。;:])|(?<=[ \t\u3000])(?=\(\s*[一二三四五六七八九十]\s*\)))\s*(?P<mark>{_SUB_MARK})(?P<title>[^。\n]{{0,8}}?(?:{title})[^。\n]{{0,12}}?)"
        # (a page run into one line: 管理 (四)…建设 开平市…, or (四)平台建设2021年,中心…: the title glued to the year)
        r"(?=[。:\n]|$|方面|情况|[ \t\u3000]+\S|(?:19|20)\d\d\s*年)"
    )


_SUBPART_RES = [(key, _subpart_regex(title)) for key, title in SUBPART_TITLES]


def _mark_shape(mark: str) -> str:
    return re.sub(r"[一二三四五六七八九十\d]+", "N", re.sub(r"\s", "", mark))


def find_subparts(text: str, overview: SectionSpan) -> list[SectionSpan]:
    found = []
    pos = overview.heading_end
    missing = []
    for key, regex in _SUBPART_RES:
        m = regex.search(text, pos, overview.end)
        if m is None:
            missing.append((key, regex))
            continue
        found.append(_subpart(text, m, key))
        pos = found[-1][1]
    # a sub-part printed out of the usual order ((三)平台建设 before (四)政府信息管理): at a line start, numbered like the
    # sub-parts found, between two of them
    shapes = {_mark_shape(mark) for _, _, _, mark, _ in found}
    for key, regex in missing:
        for m in regex.finditer(text, overview.heading_end, found[-1][0] if found else overview.heading_end):
            inside = any(a <= m.start("mark") < b for a, b, *_ in found)
            if _mark_shape(m.group("mark")) in shapes and len(shapes) == 1 and not inside and not text[text.rfind("\n", 0, m.start("mark")) + 1 : m.start("mark")].strip():
                found.append(_subpart(text, m, key))
                break
    found.sort()
    subs = []
    for i, (start, head_end, key, mark, title) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else overview.end
        subs.append(SectionSpan(f"overview.{key}", mark, title, start, head_end, end))
    return subs


def _subpart(text: str, m: re.Match[str], key: str) -> tuple[int, int, str, str, str]:
    head_end, title_text = m.end(), m.group("title").strip()
    if text.startswith(("情况", "方面"), head_end):  # (三)政府信息管理情况: the heading's last word
        head_end, title_text = head_end + 2, title_text + text[head_end : head_end + 2]
    return m.start("mark"), head_end, key, m.group("mark").strip(), title_text


# ---------------------------------------------------------------- template and metadata


def detect_template(text: str) -> tuple[str, list[str]]:
    """'2021' / '2019' from table labels; the cited format notice only when no table label is printed."""
    hits21 = sorted({m.group() for m in marker_regex(TEMPLATE_2021_MARKERS).finditer(text)})
    hits19 = sorted({m.group() for m in marker_regex(TEMPLATE_2019_MARKERS).finditer(text)})
    if hits21 or hits19:
        return ("2021", hits21) if len(hits21) >= len(hits19) else ("2019", hits19)
    legacy = sorted({m.group() for m in marker_regex(TEMPLATE_LEGACY_MARKERS).finditer(text)})
    if len(legacy) >= 2:
        return "legacy", legacy
    if m := FORMAT_NOTICE_2021.search(text):
        return "2021", [m.group()]
    if m := FORMAT_NOTICE_2019.search(text):
        return "2019", [m.group()]
    return "unknown", []


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?")
_PERIOD = re.compile(
    r"(?P<y1>(?:19|20)\d{2})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日\s*(?:起)?\s*(?:至|到|—|-|~)\s*"
    r"(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
)
_PUBLISHED = re.compile(r"(?:发布(?:日期|时间)|成文日期|时间)\s*[:：]?\s*(?P<y>(?:19|20)\d{2})[-/年.]\s*(?P<m>\d{1,2})[-/月.]\s*(?P<d>\d{1,2})")
_SIGNATURE_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*$", re.M)
_TITLE_LINE = re.compile(r"[^\n]{0,60}(?:年度报告|年报|工作报告|情况的报告)[^\n]{0,10}")
_BODY_FROM_TITLE = re.compile(r"^(?:标题\s*:\s*)?(?P<body>[^\n\d]{2,40}?)\s*(?:19|20)\d{2}\s*年")
_BODY_PUBLISHES = re.compile(r"现(?:将|公布)(?P<body>[^\n,。\d]{2,30}?)\s*(?:19|20)\d{2}\s*年")


def _title(head: str) -> str | None:
    """The report title, also when a web page or PDF wraps it over two lines."""
    lines = [ln.strip() for ln in head.split("\n") if ln.strip() and ln.strip() not in ("正文", "全文")][:6]
    for i, line in enumerate(lines):
        for candidate in (line, line + (lines[i + 1] if i + 1 < len(lines) else "")):
            if m := _TITLE_LINE.fullmatch(candidate) or _TITLE_LINE.match(candidate):
                title = re.sub(r"^(?:标题\s*:\s*|当前位置.*?)\s*", "", m.group().strip())
                if re.search(r"(?:19|20)\d{2}", title) and len(title) <= 60:
                    return title
    return None


_BODY_SUFFIX = re.compile(
    r"(?:政府|办公室|办公厅|局|委员会|委|厅|院|中心|区|县|市|州|盟|旗|镇|乡|街道|管委会|办|处|所|署|会|站|队|公司|集团|实验区|开发区)$"
)
_BODY_AFTER_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年(?:度)?(?P<body>[^\d\n]{2,40}?)(?:政府信息公开|政务公开)")
_SIGNATURE = re.compile(r"(?P<body>[^\n\d]{2,40})\n\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:\n|$)")
# The date that ends every _SIGNATURE match. Found first, it bounds where a match can start: at
# most 40 characters before the blank run ahead of the date (_SIGNATURE alone tries up to 40
# characters of body at every position of the tail).
_SIGNATURE_DATE_END = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:\n|$)")


def _signatures(tail: str) -> list[re.Match[str]]:
    """``list(_SIGNATURE.finditer(tail))``."""
    found: list[re.Match[str]] = []
    pos = 0
    while (date := _SIGNATURE_DATE_END.search(tail, pos)) and (
        m := _SIGNATURE.search(tail, max(pos, pos + len(tail[pos : date.start()].rstrip()) - 40))
    ):
        found.append(m)
        pos = m.end()
    return found


def _plausible_body(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip(" :,，。")
    # page furniture or a slogan glued in front of the name (分享到:联安镇, 真正让“…”成为“…”大英县政府办公室)
    name = re.split(r"[:：”」]", name)[-1].strip()
    if len(name) < 2 or name[0] in "我本" or re.match(r"[一二三四五六七八九十]、|关于|根据", name):
        return None
    return name if _BODY_SUFFIX.search(name) else None


def _issuing_body(text: str, head: str, title: str | None) -> str | None:
    candidates: list[str | None] = []
    if title:
        candidates.append(m["body"] if (m := _BODY_FROM_TITLE.search(title)) else None)
        candidates.append(m["body"] if (m := _BODY_AFTER_YEAR.search(title)) else None)
    candidates.append(m["body"] if (m := _BODY_PUBLISHES.search(head[:1500])) else None)
    candidates.append(m["body"] if (m := re.search(r"(?:文章来源|来源)\s*:\s*(?P<body>[^\s]{2,30})", text[:800])) else None)
    signatures = _signatures(text[-800:])
    candidates.append(signatures[-1]["body"].strip() if signatures else None)
    candidates.append(text.strip().split("\n", 1)[0].strip())
    for candidate in candidates:
        if body := _plausible_body(candidate):
            return body
    return None


def _iso(y: str, m: str, d: str) -> str:
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


@dataclass
class MetaFields:
    title: str | None = None
    issuing_body: str | None = None
    year: int | None = None
    period_start: str | None = None
    period_end: str | None = None
    published: str | None = None


def find_meta(text: str, sections: list[SectionSpan]) -> MetaFields:
    meta = MetaFields()
    head = text[: sections[0].start] if sections else text[:1500]
    meta.title = _title(head[:800])
    if m := _PERIOD.search(text[:3000]):
        meta.period_start = _iso(m["y1"], m["m1"], m["d1"])
        meta.period_end = _iso(m["y2"] or m["y1"], m["m2"], m["d2"])
        meta.year = int(m["y1"])
    if meta.year is None and meta.title and (m := _YEAR.search(meta.title)):
        meta.year = int(m.group(1))
    if meta.year is None:
        overview = next((s for s in sections if s.key == "overview"), None)
        scope = text[overview.heading_end : overview.heading_end + 200] if overview else text[:800]
        if m := _YEAR.search(scope):
            meta.year = int(m.group(1))
    if m := _PUBLISHED.search(text[:800]):
        meta.published = _iso(m["y"], m["m"], m["d"])
    else:
        tail_dates = list(_SIGNATURE_DATE.finditer(text[-600:]))
        if tail_dates:
            d = tail_dates[-1]
            meta.published = _iso(d["y"], d["m"], d["d"])
    meta.issuing_body = _issuing_body(text, head, meta.title)
    return meta
