"""Items as the report enumerates them: the problems and measures of 五, the work points of 一 and 六.

Code decides where an item starts and ends, never the model:

* **Lines.** A line break inside a sentence (a PDF hard wrap: ``还有待提\\n高``) joins the two lines into one
  logical line; a break after sentence-final punctuation, before an enumerator or after a heading does not.
* **Points.** One item per enumerated point (一是/二是, （一）, 1., 第一, ①), the point running to the next
  enumerator of the same family or to the end of its paragraph. Without enumerators: one item per
  sentence, or per coordinated clause when one sentence lists several problems or measures
  (``A有待加强,B有待丰富,C有待提高``; ``存在A、B、C等问题``).
* **Parts of 五.** Its problems and its measures are told apart by the report's own sub-headings
  (``（一）存在的主要问题`` / ``（二）改进措施``) or, without them, by the sentence that turns to what will be
  done (下一步, 今后, 将…, 针对上述问题…).
* **Not items.** Headings and lead-ins (``工作中存在的主要问题和困难。``, ``下一步,将重点抓好以下几方面工作。``),
  generic framing (``还存在一定差距``), status lines after the measures (``目前…已成功开设``).

Offsets are in the normalized text (:mod:`extractor.normalize`); the stage maps them to the source.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from extractor.segment import MEASURES_NAME, SectionSpan, find_subparts

Part = Literal["problems", "improvements"]

_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
# enumerator families: each regex matches one marker; the family name groups markers of one level
_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("shi", re.compile(rf"(?:其|另)?[{_CN}]{{1,2}}\n?(?:是|要|方面)")),  # 一是 / 一要 / 一方面…另一方面 (a PDF wrap may cut it)
    ("paren_cn", re.compile(rf"[(（]\n?[{_CN}]{{1,2}}\n?[)）](?:是(?=[\u4e00-\u9fff]))?")),  # (一) / (一)是
    ("cn_dun", re.compile(rf"[{_CN}]{{1,2}}[、.．](?!\d)")),
    ("paren_num", re.compile(r"[(（]\d{1,2}[)）]")),
    ("num", re.compile(r"\d{1,2}(?:[.．、](?!\d)|[)）])")),
    ("circled", re.compile(f"[{_CIRCLED}]")),
    ("di", re.compile(rf"第[{_CN}]{{1,2}}(?=[,，、是:：])[,，、是:：]?|首先[,，]|其次[,，]|再次[,，]|最后[,，]")),
)
_SHI = dict(_FAMILIES)["shi"]
_SENTENCE_END = "。!?！？;；"
_BREAK_AFTER = _SENTENCE_END + ":：…"
_CJK = re.compile(r"[\u4e00-\u9fff]")
SIX_CJK = re.compile(r"(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){6}")  # matches where 6 CJK characters follow, listing none

PROBLEM_WORDS = re.compile(
    r"不够|不足|有待|欠缺|不高|滞后|薄弱|不强|不到位|不平衡|不均衡|不充分|较少|偏少|单一|不深|不广|不多|不够高|"
    r"不及时|不规范|不全面|不明显|不突出|不精准|不完善|待提高|待加强|待完善|待提升|待改进|仍需|还需|尚需|亟需|(?<![将要])需(?:要)?进一步|(?<![将要])需要?(?:持续|继续|不断)(?:加强|提高|提升|改进|完善|深化)|"
    r"缺乏|缺少|短板|差距|局限|困难|问题|难以|无法满足|不能满足|未能|有限|参差不齐|形式化|不一|偏弱|较弱|较低|偏低|过于|(?:提升|提高|改进)空间|还要(?:更加|进一步)|不很|不太|"
    r"个别|少数|未(?:进行|及时|按时|完全)|紧缺|繁杂|身兼多职|分身乏术|顾此失彼|力不从心|"
    # a negated quality or step (审查不严, 填报不准确, 未按照…填报, 未经审批, 没上传): not 不断/不得/不予…, 未来
    r"不(?!断|得|予|仅|再|论|但|管|少|同|定|外乎|折不扣)[\u4e00-\u9fff]|未(?!来)(?:经|按|上传|公开|发布|落实|建立|完成)|没有?(?:上传|公开|发布|及时|按)"
)
# the words announcing a list to come (将从以下三个方面进一步改进, 主要开展了以下几项工作, …如下): one vocabulary
# for the lead-in that is no item (``_ANNOUNCES_LIST``), the framing sentence and the lead clause a measure ends
# with (``rules._LEAD_TAIL``)
# the conjunction a clause opens with when it is cut out of its sentence (并有针对性地召开培训会 -> 有针对性地召开培训会):
# one vocabulary for the oversight kinds split at commas (``rules``) and the short text of an item (``extract``)
LEADING_CONJUNCTION = r"(?:并且|并|同时|还|且)"
LIST_AHEAD = r"(?:以下|如下)[几两三四五六七八九十]?(?:个|项)?(?:方面|点|项|措施|举措|工作|内容)|如下"
# a sentence that frames the list instead of naming a problem or a measure
_FRAMING = re.compile(
    rf"取得了?(?:一定|一些|较好|明显|显著)?(?:的)?(?:进展|成效|成绩)|(?:还|仍然?|依然)?存在(?:着)?(?:一定|一些|不少)?(?:的)?(?:差距|不足|问题|困难)(?:[和与及](?:不足|问题|差距|困难))?(?:之处)?$|"
    r"^(?:[^,，。]{0,20}[,，])?(?:但|但是)?(?:还|仍|也)?(?:有|存在)(?:一)?些(?:问题|不足|地方)(?:有待|需要|亟待)(?:改进|解决|完善|加强)$|"  # 但還有些問題有待改進
    rf"^(?:还|仍)?(?:有|存在)?(?:着)?(?:一定|一些|不少)(?:的)?(?:差距|不足|问题)$|主要(?:表现|体现)(?:为|在)|(?:坚持|树立)问题导向|再上新台阶|{LIST_AHEAD}|^(?:下一步|下阶段|今后)$|"
    r"(?:对照|与).{0,40}(?:要求|期待|期望|需求)相比|(?:^|(?<=认识到)|(?<=看到))(?:但是?|然而|不过)?(?:与|和|同|离)[^,，。]{0,30}?(?:还|仍|尚)?(?:有|存在)着?(?:一定|一些|较大|不小)?的?差距$|"
    r"(?:同时|当然|但是?)(?:我们|我[局镇委办区县市署乡厅])?也?(?:要|应)?(?:清醒|清楚)?地?(?:看到|认识到)|"  # 但我们也清醒地认识到离…还有一定差距
    r"^(?:对于?|针对)?(?:上述|以上|这些)(?:问题|不足)[,，]?(?:我们|我[局镇委办区县市署乡厅])?(?:将|会|要)|"  # 上述问题,我们将…改进
    r"^(?:对于?|针对)(?:上述|以上|这些|存在的)?(?:问题|不足|差距|短板)(?:[和与及](?:问题|不足|差距|短板))?$|"  # 对于这些问题和不足,下一步…
    r"(?:稳步|逐步|切实|着力|有效|及时)?解决好?(?:当前|目前|工作中)?(?:面临|存在|遇到)?的?(?:各种|各类)?问题|"  # 稳步解决当前面临的问题: no problem named
    r"^(?:以上问题)?(?:均|都|皆)(?:有待|需要|亟待|须)[^,，。]{0,16}(?:解决|重视|改进)$"  # (…等等,均有待今后予以高度重视并加以解决)
)
_PROBLEM_HEAD = re.compile(
    r"^(?:工作中)?(?:存在的?|面临的|(?:目前|当前)存在的)?(?:主要)?(?:问题|不足|困难|短板)(?:和|及|与|、)?(?:不足|困难|短板|问题)?"
    r"(?:(?:和|及|与)?(?:原因)?分析|(?:和|及|与)原因)?(?:情况)?[:：。]?$"
)
_IMPROVE_HEAD = re.compile(
    rf"^(?:具体)?(?:{MEASURES_NAME})(?:(?:和|及|与|、|以及)(?:{MEASURES_NAME}))*(?:情况)?[:：。]?$"
)
# a sentence that turns from problems to measures (when 五 has no sub-headings)
_IMPROVE_CUE = re.compile(
    r"(?:下一步|下步|下阶段|今后|接下来|明年|\d{4}\s*年(?:度)?(?=[^。\n]{0,14}?(?:将|拟|计划|(?<![主重需])要(?!求)))|新的一年|针对(?:上述|以上|存在的|这些)?(?:问题|不足)|"
    r"对(?:以上|上述|这些)(?:问题|不足)|为此|对此|据此|根据上述问题|"
    r"[^。\n]{0,40}?(?:针对(?:上述|以上|存在的?|这些)?(?:问题|不足)|(?:采取|提出|制定)了?(?:以下|如下)[^。]{0,6}?(?:措施|举措))|"
    r"[^。\n]{0,30}?(?:将|拟|计划)(?:从以下|抓好以下|采取以下|重点(?:做好|抓好|从)|着力|进一步|继续|持续|加强|坚持|按照|围绕|以|"
    r"在(?:今后|以后|下一步|下阶段|新的一年|明年)))"  # 我们将在今后的工作中…
)
_IMPROVE_VERB = re.compile(
    r"(?:进一步|继续|持续|不断|切实|着力|全面|积极|大力|努力|认真|深入|重点)?"
    r"(?:加强|加大|强化|提升|提高|完善|健全|推进|推动|深化|抓好|做好|规范|优化|丰富|拓宽|拓展|扩大|创新|落实|建立|"
    r"加快|注重|坚持|严格|夯实|开展|组织|探索|用好|做实|改进|增强|充实|细化|更新|压实|督促|及时)"
)
# a paragraph titled by the channel it is about (利用政府网站方式。在…网站发布…)
_CHANNEL_LEAD = re.compile(r"(?:充分)?(?:利用|依托|借助|运用|用活|发挥)")
# the clause of a measure that says what it is for: it stays with the measure before it
_PURPOSE = re.compile(
    r"^(?:不断|切实|全面|努力)?(?:(?:高效|圆满|按时|保质保量)地?完成|提升|提高|确保|保障|推动|促进|实现|满足|更好(?:地)?|使|让|为|以|着力提升|力争|争取|营造|方便|便于)|"
    r"^(?:进一步|不断)?(?:提升|提高|增强).{0,16}(?:水平|能力|素质|意识|透明度|质量|效率|满意度|实效|公信力)$|"  # 加强培训,进一步提高…业务水平
    r"^(?:全面|深入|扎实|持续|进一步)*推进.{0,12}工作$"  # 做到…,全面深入推进农业信息公开工作: what it all serves
)
_STATUS = re.compile(r"(?:目前|截至|现已|至此|截止)")
_WRAP_MIN = 1  # a line shorter than this that ends without punctuation is a heading, not a wrapped line
# a numbered heading where a line starts: (一)…, 一、…, 1.…  (matched at the line's start offset)
_HEADING_LINE = re.compile(rf"[ \t\u3000]*(?:[(（][{_CN}\d]{{1,2}}[)）]|[{_CN}]{{1,2}}[、.．]|\d{{1,2}}[.．、](?!\d))")  # (not 1.5倍)


@dataclass(frozen=True)
class Point:
    """One item candidate: ``[start, end)`` in the normalized text, enumerator and final punctuation excluded."""

    start: int
    end: int
    section: str
    part: Part | None = None  # section 五 only
    enumerated: bool = False
    leads_list: bool = False  # sections 一/六: a sentence before the first point of a list, in its paragraph
    opens_section: bool = False  # section 一: the first sentence of its lead, which sums up the year's work
    title_end: int | None = None  # sections 一/六: where the title printed on a line above the point ends


# ---------------------------------------------------------------------------------------------
# lines, paragraphs, sentences
# ---------------------------------------------------------------------------------------------
def paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Logical paragraphs of ``text[start:end]``: physical lines joined where a break only wraps a sentence."""
    lines: list[tuple[int, int] | None] = []  # None: a blank line, always a paragraph break
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        a, b = _trim(text, pos, stop)
        lines.append((a, b) if a < b else None)
        pos = stop + 1
    out: list[tuple[int, int]] = []
    blank = False
    spaced = _double_spaced(text)
    for line in lines:
        if line is None:
            blank = not spaced
            continue
        a, b = line
        if out and not blank and _wraps(text, out[-1], (a, b)):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
        blank = False
    return out


@lru_cache(maxsize=4)
def _double_spaced(text: str) -> bool:
    """Whether the document prints a blank line after each text line (a PDF converter's double spacing): there
    a blank line is no paragraph break, and only the line's own ending tells whether a sentence goes on."""
    lines = [bool(line.strip()) for line in text.split("\n")]
    breaks = [not lines[i + 1] for i in range(len(lines) - 1) if lines[i]]
    return len(breaks) >= 6 and sum(breaks) >= 0.8 * len(breaks)


def _wraps(text: str, prev: tuple[int, int], line: tuple[int, int]) -> bool:
    """Whether the break between two lines is a hard wrap inside one sentence."""
    pa, pb = prev
    last = text[pb - 1]
    if last in _BREAK_AFTER or (not _CJK.match(last) and not last.isalnum() and last not in "”\"、,，)）》“‘《（(["):
        return False
    if "|" in text[pa:pb] or "|" in text[line[0] : line[1]]:
        return False  # table rows
    if _starts_point(text, line[0]) or _HEADING_LINE.match(text, line[0]):
        return False
    if _HEADING_LINE.match(text, pa) and pb - pa <= 30 and "\n" not in text[pa:pb] and not _full_line(text, pb):
        return False  # the previous line is a numbered heading: (一)政府信息公开收费情况
    if _TURN_OPENS.match(text, line[0]):
        return False  # …有待加强\n针对以上问题,下一步…: a sentence that turns to the measures opens the line
    return pb - (text.rfind("\n", 0, pb) + 1) >= _WRAP_MIN  # the whole physical line, wherever the region starts


# the opening of a sentence that turns to the measures, never the middle of one (针对以上问题, / 对此, / 下一步,)
_TURN_OPENS = re.compile(r"(?:针对(?:上述|以上|这些)(?:问题|不足)|对此|为此|下一步|下步|下阶段|今后|接下来)[，,]")


def _full_line(text: str, end: int) -> bool:
    """Whether the physical line ending at ``end`` is as wide as the PDF text around it: a numbered point cut
    there (``2、推进政务新媒体健康有序`` / ``发展。…``) goes on in the next line, where a heading would not."""
    start = text.rfind("\n", 0, end) + 1
    before = text[max(0, start - 400) : start].split("\n")[-9:]
    after = text[end : end + 400].split("\n")[1:9]
    width = _wrap_width([len(line.rstrip()) for line in before + after if line.strip()], share=1 / 3)
    return width > 0 and end - start >= width - 1


def _starts_point(text: str, pos: int) -> bool:
    return any(regex.match(text, pos) for _, regex in _FAMILIES)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t\u3000\n":
        a += 1
    while b > a and text[b - 1] in " \t\u3000\n":
        b -= 1
    return a, b


def _trim_item(text: str, a: int, b: int) -> tuple[int, int]:
    a, b = _trim(text, a, b)
    while b > a and text[b - 1] in "。;；,，、:： \t\n\u3000…":
        b -= 1
    while a < b and text[a] in ",，、:：;； \t\n\u3000":
        a += 1
    return a, b


def sentences(text: str, start: int, end: int, delims: str = _SENTENCE_END) -> list[tuple[int, int]]:
    """Sentences of one paragraph, final punctuation excluded."""
    out: list[tuple[int, int]] = []
    a = start
    for i in range(start, end + 1):
        if i == end or text[i] in delims:
            if i < end and text[i] in "!?！？" and i + 1 < end and text[i + 1] in "”\"":
                continue
            s, e = _trim_item(text, a, i)
            if s < e:
                out.append((s, e))
            a = i + 1
    return out


# ---------------------------------------------------------------------------------------------
# enumerated points
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Marker:
    family: str
    start: int
    end: int
    text: str = ""


def text_of(marker: _Marker) -> str:
    return marker.text


_FIRST_ORDINAL = re.compile(r"^(?:其?一\n?(?:是|要|方面)|[(（]?[一1][)）、.．]|①|第一|首先)")


# on what authority or principle the work is done (根据《条例》规定 / 严格按照…工作部署要求 / 结合…考核指标): a clause
# that frames the work, no work of its own
AUTHORITY = (
    r"(?:严格|认真)?(?:根据|按照|依据|依照|遵照|遵循|对照|结合)[^。，,；;]{0,80}?"
    r"(?:规定|要求|精神|部署|安排|指示|原则|标准|规范|指标)的?"
)
# under whose guidance or with whose help the work is done (在…主管部门的指导下 / 在上级部门的帮助下): no work of its own
GUIDANCE = r"在[^。，,；;]{2,40}(?:指导|领导|带领|支持|帮助)下"
# which documents or demands are carried out, and nothing done (贯彻落实《…工作方案》《…活动方案》 / 继续严格贯彻落实
# 《条例》和…相关制度要求): on what authority, no work of its own
CARRIED_OUT = (
    r"(?:继续|进一步)?(?:认真|严格|全面|深入)?(?:贯彻落实|贯彻执行|贯彻|落实|执行|遵循)"
    r"(?:(?:《[^》]{1,60}》[、和及与]?)+(?:等文件)?(?:的?(?:要求|精神|部署|规定))?|[^。，,；;]{0,60}?(?:要求|部署|精神|规定))"
)
# when the work was done, a date of its own (2019年, 2017年6月, 今年以来, 本年度内)
WHEN = (
    r"\d{4}年度?(?:\d{1,2}月(?:\d{1,2}日)?)?(?:以来|起|初|底|内)?|\d{1,2}月(?:\d{1,2}日)?(?:以来|起|初|底|内)?|"
    r"(?:本年度|今年|全年)(?:以来|内)?"
)
# a title of what is reported (…的建设情况, 政府信息公开收费及减免情况): one clause ending in 情况, no sentence inside
TOPIC_TITLE = r"(?![^。,，;；:：\n]*?(?:未|没有|尚无|暂无))[^。,，;；:：\n]{2,40}(?:情况|概况)"  # (本年度未发生…情况: a statement)
# a topic title on a line of its own, however long (五、 信息公开业务培训和制度建设情况): it names no measure, so it is
# neither a point of a list nor the title of the point after it
_TOPIC_HEADING = re.compile(rf"^{TOPIC_TITLE}\W*$")


def _markers(text: str, start: int, end: int) -> list[_Marker]:
    """Enumerators that stand where a point can begin: paragraph start or after a sentence end / colon."""
    found: list[_Marker] = []
    for family, regex in _FAMILIES:
        last = 0  # the number of this family's last marker here
        for m in regex.finditer(text, start, end):
            before = text[start : m.start()].rstrip(" \t\u3000")
            number = _marker_number(m.group())
            if before and before[-1] not in _BREAK_AFTER + "\n" and not (
                (family == "shi" or _FIRST_ORDINAL.match(m.group())) and (before[-1] in ",，" or before.endswith(("问题", "不足", "困难", "措施")))
            ) and not (last and number == last + 1 and _CJK.match(before[-1]) and _CJK.match(text, m.end())):
                continue  # (存在的主要问题一是沟通不足: a list run on after what it lists; but a page whose line
                # breaks were lost runs the next point on after the last: 有待拓展2.部分信息公开不够及时)
            last = number or last
            if family == "shi" and text[m.end() - 1] == "要" and not _CJK.match(text, m.end()):
                continue
            line = text[m.end() : end]  # to the end of the logical paragraph (wraps joined)
            if not before and not re.search(r"[。,，;；:：]", line) and (len(line.strip()) <= 14 or _TOPIC_HEADING.search(line)):
                continue  # a numbered heading line ((四)平台建设; 五、信息公开业务培训和制度建设情况), not a point
            found.append(_Marker(family, m.start(), m.end(), m.group()))
    found.sort(key=lambda mk: mk.start)
    return found


def _marker_number(marker: str) -> int:
    """The number an enumerator counts (二是 → 2, (3) → 3, ③ → 3), 0 when it counts none (首先, 另一方面)."""
    if m := re.search(r"\d{1,2}", marker):
        return int(m.group())
    if m := re.search(rf"[{_CN}]{{1,2}}", marker):
        return _numeral(m.group()) if not marker.startswith(("另", "其")) else 0
    return _CIRCLED.find(marker[0]) + 1


def _point_family(markers: list[_Marker]) -> str | None:
    """The family that enumerates points here: the one with the most markers (two at least)."""
    counts: dict[str, int] = {}
    for mk in markers:
        counts[mk.family] = counts.get(mk.family, 0) + 1
    best = max(counts.items(), key=lambda kv: (kv[1], -_first_pos(markers, kv[0])), default=None)
    if best and best[1] >= 2:
        return best[0]
    if markers and _FIRST_ORDINAL.match(text_of(markers[0])):
        return markers[0].family  # a list cut short after its first point (an excerpt)
    return None


def _first_pos(markers: list[_Marker], family: str) -> int:
    return next(mk.start for mk in markers if mk.family == family)


def enumerated(text: str, start: int, end: int) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """``(lead, points)``: the text before the first point and the points, each without its enumerator.

    A point runs to the next enumerator of its family; the last one ends with its paragraph, so a status
    line printed after the list (``目前…已成功开设``) is not part of it.
    """
    paras = paragraphs(text, start, end)
    markers = [mk for a, b in paras for mk in _markers(text, a, b)]
    family = _point_family(markers)
    if family is None:
        return None, []
    own = [mk for mk in markers if mk.family == family]
    if (headline := _headline_point(text, paras, own)) is not None:
        own.append(headline)
    # a family printed before the list encloses it ((一)…一是…二是…(二)…): its next marker at a paragraph
    # start ends the point before it, though that paragraph goes on after its title
    outer = {mk.family for mk in markers if mk.start < own[0].start} - {family}
    para_starts = {a for a, _ in paras}
    outer_starts = [mk.start for mk in markers if mk.family in outer and mk.start in para_starts]
    # where the region starts inside the enclosing part, its next title shows by the list starting over after it
    # (…三是按月开展…。\n(二)加强政府网站和政务新媒体管理。一是优化…: the title is no part of 三是's point)
    outer_starts += [
        mk.start for mk in markers
        if mk.family != family and mk.start in para_starts
        and (after := next((o for o in own if o.start > mk.start), None)) is not None and _FIRST_ORDINAL.match(after.text)
    ]
    points: list[tuple[int, int]] = []
    for i, mk in enumerate(own):
        stop = own[i + 1].start if i + 1 < len(own) else _last_point_end(text, paras, mk.start)
        stop = next((a for a, b in paras if mk.end < a < stop and _heading_para(text, a, b)), stop)
        stop = next((a for a in outer_starts if mk.end < a < stop), stop)
        a, b = _trim_item(text, mk.end, stop)
        if a < b:
            points.append((a, b))
    lead = _trim_item(text, paras[0][0], own[0].start) if paras and own[0].start > paras[0][0] else None
    if lead and lead[0] < lead[1] and not _FIRST_ORDINAL.match(own[0].text):
        # the list starts at 二是: its first point stands unnumbered after the lead-in (采取以下措施:A;二是B)
        cut = max(text.rfind(ch, lead[0], lead[1]) for ch in ":：。")
        if cut != -1:
            first = _trim_item(text, cut + 1, lead[1])
            if len(_CJK.findall(text, first[0], first[1])) >= 6:
                points.insert(0, first)
                lead = _trim_item(text, lead[0], cut)
    return (lead if lead and lead[0] < lead[1] else None), points


def _headline_point(text: str, paras: list[tuple[int, int]], own: list[_Marker]) -> _Marker | None:
    """The next point of the list printed as its headline alone in the last paragraph (…2、提高思想认识,…。\n3、加大监督:
    an excerpt cut after it), which :func:`_markers` takes for a heading line."""
    if not own or not paras or paras[-1][0] <= own[-1].start:
        return None
    a, b = paras[-1]
    family = own[-1].family
    m = dict(_FAMILIES)[family].match(text, a, b)
    digits = re.findall(rf"\d+|[{_CN}]+", own[-1].text)
    following = re.findall(rf"\d+|[{_CN}]+", m.group()) if m else []
    if m is None or not digits or not following or _numeral(following[0]) != _numeral(digits[0]) + 1:
        return None
    return _Marker(family, m.start(), m.end(), m.group()) if _CJK.search(text, m.end(), b) else None


def _title_para(text: str, a: int, b: int) -> bool:
    """A numbered title on a line of its own, a comma allowed (``(六)开展教育培训,提升业务能力``)."""
    return b - a <= 30 and bool(_HEAD_PREFIX.match(text, a)) and not re.search(r"[。;；:：]", text[a:b].rstrip().rstrip("。"))


def _heading_para(text: str, a: int, b: int) -> bool:
    """A numbered heading on a line of its own (``(四)政府信息平台建设``): the points above it end there."""
    return _title_para(text, a, b) and not re.search(r"[,，]", text[a:b])


# the page's own links (打印本页 关闭窗口)
_PAGE_LINKS = r"打印本?页|关闭本?(?:页|窗口)|返回顶部|收藏本页|分享到"
# the site's footer: its registrations, identifier and who runs it (晋公网安备…号, 蒙ICP备…, 政府网站标识码, 承办单位:…; a
# body may be a site's 承办单位 in a sentence, so the colon is needed)
SITE_FOOTER = r"公网安备|ICP备|标识码|站点地图|网站地图|版权所有|(?:主办|承办|协办)(?:单位)?\s*[:：]"
# what a web page prints around a report, never a statement of it (更多精彩内容欢迎扫描下方二维码关注浑南区!, 责任编辑:…,
# 【字体:大 中 小】, 上一篇/下一篇): no summary sentence, no item
PAGE_FURNITURE = re.compile(
    r"更多精彩|扫描?[^。,，]{0,6}二维码|扫一扫|在手机上(?:查看|打开|浏览)|欢迎(?:关注|扫描|访问|转发)|关注我们|(?:责任|网站|文字|信息)?编辑[:：]|审核[:：]|来源[:：]|"
    rf"【?字[体号][:：]|浏览次数|点击(?:数|量|次数)|阅读(?:数|量|次数)|上一篇|下一篇|相关链接|附件下载|{_PAGE_LINKS}|"
    rf"{SITE_FOOTER}|联系我们|联系方式[:：]|技术支持[:：]"
)


def page_furniture(sentence: str) -> bool:
    """Whether a sentence is the page's, not the report's (``PAGE_FURNITURE``), or only the report's signature and
    date (大同市人民政府办公室2023年1月20日)."""
    return bool(PAGE_FURNITURE.search(sentence) or _SIGN_OFF.fullmatch(sentence.strip()))


# what a page prints after the report's last sentence: the date it was signed (with the body's name) and the
# page's own links (打印本页 关闭窗口)
_SIGN_OFF = re.compile(
    r"[^,，;；:：。]{0,30}?\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\W*|"
    rf"(?:\W*(?:{_PAGE_LINKS}|打印|分享))+\W*"
)


def _last_point_end(text: str, paras: list[tuple[int, int]], pos: int) -> int:
    """Where the last point of a list ends: with its paragraph, before a status sentence inside it
    (``目前…已成功开设``); in PDF text (lines of one width), a line that happens to end with 。 does not end it:
    the point runs on into the next line unless a blank line, an enumerator, a heading or a turn comes first."""
    idx = next((i for i, (a, b) in enumerate(paras) if a <= pos < b), None)
    if idx is None:
        return pos
    end = paras[idx][1]
    if idx + 1 < len(paras) and _headline_only(text, pos, end):
        a, b = paras[idx + 1]  # (二)规范工作流程。\n进一步增强…: the point's headline on a line of its own, its body below
        if not (_starts_point(text, a) or _HEADING_LINE.match(text, a) or _STATUS.match(text, a) or _headings(text, a, b)):
            return b
    width = _line_width(text, paras)
    spaced = _double_spaced(text)
    while width and idx + 1 < len(paras):
        a, b = paras[idx + 1]
        last_line = end - (text.rfind("\n", 0, end) + 1)
        gap = text[end:a]
        if (gap.count("\n") > 1 and not spaced) or last_line < width - 2 or _starts_point(text, a) or _HEADING_LINE.match(text, a):
            break
        if _STATUS.match(text, a) or _IMPROVE_CUE.match(text, a) or _headings(text, a, b):
            break
        idx, end = idx + 1, b
    for s, e in sentences(text, pos, end, "。!?！？"):
        if s > pos and (_STATUS.match(text, s) or _SIGN_OFF.fullmatch(text, s, e)):
            return s  # a status line, a date or page links after the list, in text whose line breaks were lost
    return end



def _headline_only(text: str, pos: int, end: int) -> bool:
    """A point whose paragraph is its headline alone: a few words after the enumerator, no comma."""
    line = text[pos:end]
    return "\n" not in line.strip() and len(_CJK.findall(line)) <= 16 and not re.search(r"[,，;；:：]", line) and bool(re.search(r"[。.]?\s*$", line))


def _line_width(text: str, paras: list[tuple[int, int]]) -> int:
    """The width of PDF text's lines (the longest line, when most wrapped lines are that long), else 0."""
    return _wrap_width([len(line.strip()) for a, b in paras for line in text[a:b].split("\n")], share=1 / 2)


def _wrap_width(lengths: list[int], *, share: float) -> int:
    """The width PDF text was wrapped at: the longest of the lines' ``lengths`` (at most 60), when at least
    ``share`` of them come within 2 characters of it; else 0."""
    if len(lengths) < 4:
        return 0
    width = max(lengths)
    full = sum(1 for n in lengths if n >= width - 2)
    return width if width <= 60 and full >= share * len(lengths) else 0


# ---------------------------------------------------------------------------------------------
# section 五: problems and measures
# ---------------------------------------------------------------------------------------------
def _table_like(body: str) -> bool:
    """Text of a table run into the prose (a squashed 统计表): many digits, or cell separators."""
    digits = sum(ch.isdigit() for ch in body)
    return "|" in body or (digits >= 6 and digits > len(body) * 0.12)


_NEXT_SECTION = re.compile(rf"(?:^|(?<=[。\n;]))\s*(?P<num>[{_CN}]{{1,2}})、")


def _section_end(text: str, section: SectionSpan) -> int:
    """Where 五 ends: at a following numbered section the segmenter did not name (六、政府信息公开情况统计表),
    one numbered after 五's own number, unless it is the plan that answers the problems (五、2019年工作计划)."""
    own = _numeral(section.number) if section.number else 5
    for m in _NEXT_SECTION.finditer(text, section.heading_end, section.end):
        if _numeral(m.group("num")) <= own:
            continue
        # (the title ends at its line, or at a space before the first point of a page printed on one line:
        # 三、整改措施 (一)提高认识,加强培训。)
        title = m.end()
        while title < section.end and text[title] in " \t\u3000":
            title += 1
        title_end = min([i for ch in "。:：\n \u3000" if (i := text.find(ch, title, section.end)) != -1] or [section.end])
        if _IMPROVE_HEAD.match(flat(text[title:title_end]).strip()):
            continue
        return m.start()
    return section.end


def _numeral(cn: str) -> int:
    if cn.isdigit():
        return int(cn)
    if cn.startswith("十"):
        return 10 + (_CN.index(cn[1]) + 1 if len(cn) > 1 else 0)
    return _CN.index(cn[0]) + 1 if len(cn) == 1 else (_CN.index(cn[0]) + 1) * 10 + (_CN.index(cn[1]) + 1 if cn[1] != "十" else 0)


def problem_points(text: str, section: SectionSpan) -> list[Point]:
    """The problems and the measures of section 五, one :class:`Point` per item.

    They are read on the section with its PDF hard wraps taken out (:func:`unwrapped`), so that a line break
    inside a word the rules look for (``等\n问题``, ``4\n、加强``) reads as the report meant it; the points'
    offsets are mapped back into ``text``.
    """
    flat_text, cuts = unwrapped(text, section.heading_end, section.end)
    if not cuts:
        return _problem_points(text, section)
    removed = sum(b - a for a, b in cuts)
    points = _problem_points(flat_text, replace(section, end=section.end - removed))
    back = _offset_map(cuts)
    return [replace(p, start=back(p.start), end=back(p.end - 1) + 1) for p in points]


def unwrapped(text: str, start: int, end: int) -> tuple[str, list[tuple[int, int]]]:
    """``text`` without the hard wraps of a PDF inside ``[start, end)``, and the spans cut out.

    A hard wrap is a break inside a logical paragraph (:func:`paragraphs`) after a physical line as wide as
    the text around it (:func:`_full_line`); a short line that runs on (a heading) keeps its break. A full line
    that happens to end a sentence (``整性和准确性。4、加强学习和培训。`` / ``加强政府信息…``) wraps too, unless
    the next line opens a point or a heading.
    """
    paras = paragraphs(text, start, end)
    cuts = [m.span() for a, b in paras for m in _WRAP.finditer(text, a, b) if _full_line(text, m.start())]
    for (_, b), (a, _) in pairwise(paras):
        gap = _WRAP.fullmatch(text, b, a)
        if gap and text[b - 1] in _SENTENCE_END and _full_line(text, b) and not _starts_point(text, a) and not _HEADING_LINE.match(text, a):
            cuts.append((b, a))
    cuts.sort()
    if not cuts:
        return text, []
    pieces, pos = [], 0
    for a, b in cuts:
        pieces.append(text[pos:a])
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces), cuts


def _offset_map(cuts: list[tuple[int, int]]) -> Callable[[int], int]:
    """Maps an offset of the :func:`unwrapped` text back to ``text``: each cut lies before the character that
    follows it."""
    at: list[int] = []  # where each cut stands in the unwrapped text
    total: list[int] = []  # characters cut up to and including it
    removed = 0
    for a, b in cuts:
        at.append(a - removed)
        removed += b - a
        total.append(removed)

    def back(pos: int) -> int:
        i = bisect_right(at, pos)
        return pos + (total[i - 1] if i else 0)

    return back


def _problem_points(text: str, section: SectionSpan) -> list[Point]:
    end = _section_end(text, section)
    parts = _parts(text, section.heading_end, end)
    if _IMPROVE_HEAD.match(section.title.strip()):  # 五、下一步工作计划: a section of measures alone
        parts = [("improvements" if part is None else part, a, b) for part, a, b in parts]
    points: list[Point] = []
    for part, a, b in parts:
        lead, items = enumerated(text, a, b)
        if items:  # the lead-in before the first point frames the list: not an item, but it may say what they are
            if part is None and lead is not None:
                part = _lead_part(flat(text[lead[0] : lead[1]]))
                if part == "problems" and _read_as_measures(text, items):
                    part = "improvements"  # 也存在A的问题。(一)是加强…(二)是健全…: the lead names it, the list meets it
                if part == "improvements":  # 与需求还存在差距,…还需改进。1、进一步…: the lead names the problem
                    points += _lead_points(text, sentences(text, *lead), section.key, "problems")
            if part == "improvements" and lead is not None:
                # measures printed before the sentence that leads into the list (…进一步更新…板块内容,完善项目信息。
                # 下一步,我局进一步采取积极措施,…。一是…): items of their own; the last sentence frames the list
                points += _lead_points(text, sentences(text, *lead)[:-1], section.key, "improvements")
            points += _typed(text, items, section.key, part, enumerated=True)
        else:
            points += _typed(text, _unenumerated(text, a, b, part), section.key, part, enumerated=False)
    return [p for p in points if p.part is not None]


def _lead_points(text: str, spans: list[tuple[int, int]], key: str, part: Part) -> list[Point]:
    """The sentences of a list's lead-in that read as ``part`` by their own words (not the turn to what will be
    done), as points of their own."""
    return [
        Point(s, e, key, part, False)
        for a, b in spans
        if not _IMPROVE_CUE.match(text, a) and sentence_part(flat(text[a:b])) == part
        for s, e in _unenumerated(text, a, b, part)
    ]


def _read_as_measures(text: str, items: list[tuple[int, int]]) -> bool:
    """Most points of a list read as measures by their own words."""
    parts = [sentence_part(flat(text[a:b])) for a, b in items]
    return parts.count("improvements") > len(parts) / 2


def _lead_part(lead: str) -> Part | None:
    """What the points after a lead-in are: ``采取以下措施:`` -> measures; ``主要表现为:`` -> problems."""
    tail = lead[-30:]
    if re.search(r"(?:需要|有待|需|待)改进(?:之处|的地方)|不足之处", tail):
        return "problems"  # 还有需要改进之处:一是…: what falls short
    if re.search(r"措施|改进|整改|下一步|今后|打算|计划|将(?:从|重点|着力|采取)", tail):
        return "improvements"
    if PROBLEM_WORDS.search(tail) or re.search(r"表现(?:为|在)", tail):
        return "problems"
    return None


def _typed(text: str, spans: list[tuple[int, int]], key: str, part: Part | None, *, enumerated: bool) -> list[Point]:
    """Points of a part; in a part of unknown kind each point is typed by its words, and a point that names a
    problem and then what will be done about it (``一是A不够。下一步将…``) becomes two."""
    out: list[Point] = []
    for s, e in spans:
        if part == "problems" and (turn := _turn(text, s, e)) is not None and turn > s:
            # 二是…不够。下一步,我委将A,进一步B: the last problem runs on into the measures
            out.append(Point(s, _trim_item(text, s, turn)[1], key, "problems", enumerated))
            out += [Point(a, b, key, "improvements", False) for a, b in _unenumerated(text, turn, e, "improvements")]
            continue
        if part is not None:
            out.append(Point(s, e, key, part, enumerated))
            continue
        turn = _turn(text, s, e)
        if turn is not None and turn > s:
            out.append(Point(s, _trim_item(text, s, turn)[1], key, "problems", enumerated))
            out.append(Point(turn, e, key, "improvements", enumerated))
        else:
            kind = sentence_part(flat(text[s:e]))
            out.append(Point(s, e, key, kind, enumerated))
    return out


def _turn(text: str, start: int, end: int) -> int | None:
    """Where a point turns from a problem to a measure, if it does: at a sentence (一是A不够。下一步将…), or
    after a comma (宣传力度不够,下一步将利用多种渠道…)."""
    spans = sentences(text, start, end)
    if not spans or not PROBLEM_WORDS.search(flat(text[spans[0][0] : spans[0][1]])):
        return None
    for s, _ in spans[1:]:
        if _IMPROVE_CUE.match(text, s):
            return s
    for m in _CLAUSE_TURN.finditer(text, start, end):
        if _before_has_problem(text, start, m.start()):
            return m.start()
    return None


def sentence_part(sentence: str) -> Part | None:
    """Problem or measure, from the words of one sentence of 五 (None: neither)."""
    if _FRAMING.search(sentence) and not PROBLEM_WORDS.search(_FRAMING.sub("", sentence)):
        return None
    head = sentence[:14]
    cue = _IMPROVE_CUE.match(sentence)
    if (cue or _IMPROVE_VERB.match(sentence)) and (
        not PROBLEM_WORDS.search(head) or re.match(r"^(?:进一步|继续|持续|不断)", sentence)
    ):
        return "improvements"
    if PROBLEM_WORDS.search(sentence):
        return "problems"
    if re.search(r"将|要|拟|计划", head):
        return "improvements"
    return None


def _parts(text: str, start: int, end: int) -> list[tuple[Part | None, int, int]]:
    """Section 五 cut into its problems part and its measures part (None where the kind is not printed)."""
    heads: list[tuple[int, int, Part]] = []
    for a, b in paragraphs(text, start, end):
        for s, e, kind in _headings(text, a, b):
            heads.append((s, e, kind))
    if heads:
        out: list[tuple[Part | None, int, int]] = []
        if heads[0][0] > start and _CJK.search(text[start : heads[0][0]]) and not _other_subpart(text, start, heads[0][0]):
            out.append((None, start, heads[0][0]))
        for i, (_, e, kind) in enumerate(heads):
            stop = heads[i + 1][0] if i + 1 < len(heads) else end
            out.append((kind, e, stop))
        if all(kind == "problems" for _, _, kind in heads):  # no heading for the measures: the turn starts them
            _, e, stop = out.pop()
            inner = _parts(text, e, stop)
            out += [("problems" if kind is None else kind, a, b) for kind, a, b in inner]
        return out
    # no sub-headings: the first sentence that turns to what will be done starts the measures, unless
    # one enumerated list runs across it (一是A不够。下一步将…。二是B单一。: each point holds both)
    paras = paragraphs(text, start, end)
    markers = [mk for a, b in paras for mk in _markers(text, a, b)]
    family = _point_family(markers)
    own = [mk for mk in markers if mk.family == family]
    for a, b in paras:
        for s, _ in sentences(text, a, b, "。!?！？"):
            if s > start and _IMPROVE_CUE.match(text, s) and _before_has_problem(text, start, s):
                after = next((mk for mk in own if mk.start > s), None)
                last_in_para = bool(own) and a <= own[-1].start < s and not _list_starts_after(text, paras, markers, family, s)
                if own and own[0].start < s and (not _FIRST_ORDINAL.match(after.text) if after else last_in_para) and not (
                    after is None and _ALL_PROBLEMS.match(text, s)
                ):
                    continue  # inside one list (its numbering goes on): the point itself turns (see _turn)
                # (…另一方面,B不够。2013年我们将针对存在的问题,加大…: measures for all the problems, after the list)
                return [("problems", start, s), ("improvements", s, end)]
    if not own:  # one sentence that turns after a comma: 存在的主要问题是A不够,下步打算将…
        for m in _CLAUSE_TURN.finditer(text, start, end):
            if _before_has_problem(text, start, m.start()):
                return [("problems", start, m.start()), ("improvements", m.start(), end)]
    return [(None, start, end)]


def _list_starts_after(text: str, paras: list[tuple[int, int]], markers: list[_Marker], family: str | None, pos: int) -> bool:
    """A list of another family opens a paragraph after ``pos`` (…二是B不够。为此,我们将采取以下措施:\n(一)…\n(二)…):
    the sentence at ``pos`` ends the list before it and leads into the measures."""
    starts = {a for a, _ in paras}
    return any(mk.start > pos and mk.family != family and mk.start in starts and _FIRST_ORDINAL.match(mk.text) for mk in markers)


# a sentence of measures that points back at all the problems: 2013年我们将针对存在的问题, 对于以上不足,我局将
_ALL_PROBLEMS = re.compile(r"[^。]{0,20}?(?:针对|对于?)(?:上述|以上|存在的?|这些)(?:的)?(?:问题|不足)")


def _other_subpart(text: str, start: int, end: int) -> bool:
    """The text before the problems heading is a numbered sub-part of its own (an old-template 四、主要措施、
    存在的主要问题及下一步打算 opens with (一)主要措施: what was done this year, neither problem nor measure)."""
    pos = start
    while pos < end and text[pos] in " \t\u3000\n":
        pos += 1
    m = _HEAD_PREFIX.match(text, pos, end)
    return m is not None and re.match(r"[^。\n:：]{0,12}(?:措施|做法|工作|情况)(?:[:：。\n]|$)", text[m.end() : end]) is not None


_CLAUSE_TURN = re.compile(r"(?<=[,，])\s*(?:下一步|下步|今后|在(?:今后|以后|下一步|下阶段|新的一年|明年|\d{4}\s*年度?)的?工作中)")


def _before_has_problem(text: str, start: int, pos: int) -> bool:
    return bool(PROBLEM_WORDS.search(flat(text[start:pos])))


# (a page that lost its numerals prints "()改进措施": an empty bracket still opens a heading)
_HEAD_PREFIX = re.compile(rf"(?:[(（]\n?[{_CN}\d]{{0,2}}\n?[)）]|[{_CN}]{{1,2}}[、.．]|\d{{1,2}}[.．、])\s*")


_BRACKETED = re.compile(rf"[(（][{_CN}][)）]")


def _headings(text: str, a: int, b: int) -> list[tuple[int, int, Part]]:
    """Part headings in one paragraph: where each starts and where its content starts.

    A heading stands at the paragraph start, or after a sentence end when it has an enumerator
    (``…加强。(二)改进措施:一是…`` in text whose line breaks were lost), or anywhere with a bracketed one
    (``…信息更新不够及时(二)改进措施1、…``: the line it ended had no final punctuation).
    """
    out: list[tuple[int, int, Part]] = []
    candidates = sorted(
        {a, *(i + 1 for i in range(a, b - 1) if text[i] in "。;；"), *(m.start() for m in _BRACKETED.finditer(text, a + 1, b))}
    )
    for pos in candidates:
        while pos < b and text[pos] in " \t\u3000\n":
            pos += 1
        m = _HEAD_PREFIX.match(text, pos, b)
        needs_colon = pos != a and m is None  # 。 改进措施:1.… : a heading inside a paragraph, said by its colon
        head_start = m.end() if m else pos
        stop = head_start
        while stop < b and text[stop] not in "。:：;；" and stop - head_start <= 26 and not (
            stop > head_start + 1 and _starts_point(text, stop)  # (一)存在的主要问题一是… : the line break was lost
        ):
            if text[stop] == "\n" and (_starts_point(text, stop + 1) or _HEADING_LINE.match(text, stop + 1) or not _wrapped_heading(text, head_start, stop)):
                break
            stop += 1
        if needs_colon and (stop >= b or text[stop] not in ":："):
            continue
        title = flat(text[head_start:stop]).strip()
        kind: Part | None = None
        if title and _PROBLEM_HEAD.match(title):
            kind = "problems"
        elif title and _IMPROVE_HEAD.match(title):
            kind = "improvements"
        elif m is not None and m.end() > pos:  # (一)主要问题市科委…: a numbered heading whose line break was lost
            for head, part in ((_PROBLEM_HEAD, "problems"), (_IMPROVE_HEAD, "improvements")):
                glued = re.match(head.pattern.rstrip("$").replace("[:：。]?", ""), text[head_start:stop])
                if glued and len(glued.group()) >= 4:
                    kind, stop = part, head_start + glued.end()  # type: ignore[assignment]
                    break
        if kind is None:
            continue
        content = stop + 1 if stop < b and text[stop] in "。:：;；" else stop
        out.append((pos, content, kind))
    return out


def _wrapped_heading(text: str, start: int, newline: int) -> bool:
    """A line break inside a heading (``(二)改进\n措施:``): the text up to the next stop, line break removed,
    is a whole heading."""
    stops = [i for ch in "。:：;；\n" if (i := text.find(ch, newline + 1)) != -1]
    end = min(stops) if stops else len(text)
    title = flat(text[start:end]).strip()
    return len(title) <= 26 and bool(_PROBLEM_HEAD.match(title) or _IMPROVE_HEAD.match(title))


def _unenumerated(text: str, start: int, end: int, part: Part | None) -> list[tuple[int, int]]:
    """Items of a part without enumerators: one per sentence naming a problem or measure; when only one
    sentence does, its coordinated clauses (``A有待加强,B有待丰富``; ``存在A、B等问题``)."""
    content: list[tuple[int, int, Part | None]] = []
    for i, (a, b) in enumerate(_leads_joined(text, paragraphs(text, start, end))):
        if part == "improvements" and i > 0 and _STATUS.match(text, a):
            break
        for s, e in sentences(text, a, b, "。!?！？"):
            kind = part or sentence_part(flat(text[s:e]))
            if _names_item(text, s, e, kind) or any(_names_item(text, cs, ce, kind) for cs, ce in _plain_items(text, s, e, kind)):
                content.append((s, e, kind))
    spans: list[tuple[int, int]] = []
    for s, e, kind in content:
        pieces = _plain_items(text, s, e, kind, split=len(content) == 1)
        spans += [(_after_enumerator(text, cs, ce), ce) for cs, ce in pieces if _names_item(text, cs, ce, kind)]
    return spans


def _leads_joined(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A paragraph that ends with a colon leads into the next one (主要表现在:\nA不够及时,B单一。): one paragraph, so
    that what follows the colon is read as its items and the lead-in as none."""
    out: list[tuple[int, int]] = []
    for a, b in paras:
        if out and text[out[-1][0] : out[-1][1]].rstrip()[-1:] in (":", "："):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _after_enumerator(text: str, start: int, end: int) -> int:
    """Where an item starts after its own enumerator, printed where no list was found (an excerpt cut after
    its first point: …将从以下三个方面进一步改进:\n(一)完善信息工作)."""
    while start < end and text[start] in " \t\u3000\n":
        start += 1  # (the line break after a lead-in's colon)
    m = _HEAD_PREFIX.match(text, start, end) or _SHI.match(text, start, end)  # (…工作打算:一是加大宣传培训: 一是 too)
    return m.end() if m and m.end() < end else start


def flat(text: str) -> str:
    """Text without its line breaks (PDF wraps): what the word tests read."""
    return _WRAP.sub("", text)


def _names_item(text: str, s: int, e: int, part: Part | None) -> bool:
    body = flat(text[s:e])
    if len(_CJK.findall(body)) < 4 or _table_like(body):
        return False
    if _STATUS.match(body) and not (part == "problems" and PROBLEM_WORDS.search(body)):
        return False  # 目前已…: how the work stands; 目前,A还不够: a problem
    if part == "problems":
        if _ANNOUNCES_PROBLEMS.search(body):
            return False  # 主要存在以下问题: the lead into the problems, whatever follows it
        return bool(PROBLEM_WORDS.search(_FRAMING.sub("", body)))
    if part == "improvements":
        if _ANNOUNCES_LIST.search(body):
            return False  # 结合工作中存在问题和不足,将从以下三个方面进一步改进: the lead into the measures
        return not (_FRAMING.search(body) and not _IMPROVE_VERB.search(_FRAMING.sub("", body)))
    return False


_ANNOUNCES_LIST = re.compile(LIST_AHEAD)
_ANNOUNCES_PROBLEMS = re.compile(r"(?:以下|如下)[^。，,；;]{0,8}?(?:问题|不足|方面)[:：]?$")


_SHOWN_IN = re.compile(
    r"(?:主要)?(?:表现|体现)(?:为|在)(?:以下几个方面)?|(?:存在的)?主要问题(?:是|为|有)|主要(?:包括|有|是)|"
    r"(?<=[不足问题差距])[,，]?(?:比如|例如|如)(?=[\u4e00-\u9fff])"  # 存在一些不足,如A、B: the examples are the items
)
_LIST_OF_PROBLEMS = re.compile(r"存在(?:着)?(?:以下|如下)?(?P<inner>.{4,}?)(?:等|的)\n?(?:方面的?)?\n?(?:问题|不足|情况|短板)", re.S)  # (…不够的\n问题: a PDF wrap)


def _plain_items(text: str, s: int, e: int, part: Part | None, *, split: bool = True) -> list[tuple[int, int]]:
    """One sentence as items: what follows a colon; ``存在A、B等问题`` -> A, B; with ``split``, its
    coordinated clauses; a list separated by semicolons always splits there."""
    colon = max(text.rfind(":", s, e), text.rfind("：", s, e))
    introduced = True  # a list said to follow (主要表现在:): its items split whatever else the part holds
    if colon != -1 and e - colon > 6:
        s = colon + 1
        if (m := _SHOWN_IN.search(text, s, e)) and e - m.end() > 6:
            s = m.end()  # 还存在一些不足:今年以来…,但主要表现在A不够: the list after the lead-in's colon is introduced again
    elif (m := _SHOWN_IN.search(text, s, e)) and e - m.end() > 6:
        s = m.end()
    else:
        introduced = False
    semis = _split(text, s, e, ";；")
    if len(semis) >= 2:
        if part != "problems" or not split:
            return semis
        # each piece may itself join problems (A有待深化,B有待加强;C不够深入,D过于动态化)
        return [g for a, b in semis for g in (_group(text, _split(text, a, b, ",，"), _names_problem, commas=True) or [(a, b)])]
    if part == "problems" and (m := _LIST_OF_PROBLEMS.search(text, s, e)):
        inner_s, inner_e = m.span("inner")
        pieces = _tails_joined(text, _split(text, inner_s, inner_e, "、,，;；"))
        # a problem named before the list, in the same sentence (个别单位…认识不足,存在A、B等问题)
        comma = max(text.rfind(",", s, m.start()), text.rfind("，", s, m.start()))  # (not the subject of 存在)
        head = _split(text, s, comma, ",，") if comma > s else []
        lead = _group(text, head, _names_problem) if any(_names_problem(text[a:b]) for a, b in head) else []
        if len(pieces) >= 2:
            named = sum(_names_problem(text[a:b]) for a, b in pieces)
            if 2 <= named < len(pieces):  # 存在积极性、主动性不够,…: a piece that names none belongs to the next
                pieces = _group(text, pieces, _names_problem)
            return lead + pieces
        if lead and not re.match(r"由于|因为|鉴于", text[s:e]):  # A有待扩大,B不够完善,还存在C等问题: the last clause names one
            # more (由于A较少,存在B的问题: the cause of the one problem it names)
            return [*lead, _trim_item(text, comma + 1, e)]
        s, e = inner_s, inner_e
    clauses = _split(text, s, e, ",，")
    if len(clauses) < 2 and part == "problems" and (split or introduced):
        # 主要表现在:A还有提升空间、B还要更加丰富、C的便捷度、满意度还要进一步提高: problems listed with 、
        listed = _group(text, _split(text, s, e, "、"), _names_problem)
        if len(listed) >= 2:
            return listed
    if len(clauses) < 2 or not split:
        return [(s, e)] if s < e else []
    if part == "problems":
        return _group(text, clauses, _names_problem, commas=True)
    if part == "improvements":
        return _measures(text, clauses)
    return [(s, e)]


def _tails_joined(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A word that names no problem, joined by 、 to a problem before it, is part of it (内容公开不够全面、及时,…)."""
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        if out and "、" in text[out[-1][1] : a] and not _names_problem(text[a:b]) and _names_problem(text[out[-1][0] : out[-1][1]]):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _names_problem(clause: str) -> bool:
    return bool(PROBLEM_WORDS.search(flat(clause))) and not _FRAMING.search(flat(clause))


def _split(text: str, s: int, e: int, delims: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    depth = 0
    a = s
    for i in range(s, e + 1):
        ch = text[i] if i < e else ""
        if ch in "《“(（\"":
            depth += 1
        elif ch in "》”)）" and depth:
            depth -= 1
        if i == e or (ch in delims and depth == 0):
            x, y = _trim_item(text, a, i)
            if x < y:
                out.append((x, y))
            a = i + 1
    return out


def _group(text: str, clauses: list[tuple[int, int]], names: object, *, commas: bool = False) -> list[tuple[int, int]]:
    """Clauses grouped so that each group ends with a clause that names a problem (two such at least); with
    ``commas``, a clause with no subject of its own (A以文字为主,吸引力不够,不够生动易懂: 不够生动易懂) stays with
    the problem before it."""
    test = names if callable(names) else (lambda _c: True)
    flags = [bool(test(text[a:b])) for a, b in clauses]
    if sum(flags) < 2:
        kept = [(a, b) for (a, b), f in zip(clauses, flags, strict=True) if not _FRAMING.search(flat(text[a:b]))]
        return [(kept[0][0], kept[-1][1])] if kept else []
    groups: list[tuple[int, int]] = []
    open_start: int | None = None
    for (a, b), flag in zip(clauses, flags, strict=True):
        if (_FRAMING.search(flat(text[a:b])) or _NOW.fullmatch(flat(text[a:b]))) and not flag:
            open_start = None  # 取得了一定进展,但存在一些问题与不足,A不够: the framing is no part of A
            continue
        open_start = a if open_start is None else open_start
        if flag and (turn := re.match(r"但是?|然而|不过", text[a:b])):
            open_start = a + turn.end()  # 信息公开进一步提高,但A有待深化: what comes before the turn is no part of A
        if flag and commas and groups and open_start == a and _BARE_PREDICATE.match(text, a) and groups[-1][1] == _previous_end(clauses, a):
            groups[-1] = (groups[-1][0], b)  # the problem before it, said again in other words
            open_start = None
        elif flag:
            groups.append((open_start, b))
            open_start = None
    if open_start is not None and groups:
        groups[-1] = (groups[-1][0], clauses[-1][1])
    return groups


_NOW = re.compile(r"(?:目前|当前|现阶段|现在|当下)")
_BARE_PREDICATE = re.compile(r"(?:不够|不太|不很|不|未|欠)")


def _previous_end(clauses: list[tuple[int, int]], start: int) -> int:
    return max((b for a, b in clauses if b <= start), default=-1)


def _measures(text: str, clauses: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Coordinated measures: a new one starts at each clause that is not framing and not a purpose clause."""
    groups: list[list[int]] = []
    pending: int | None = None  # where a clause of means or condition began: it opens the next measure
    for a, b in clauses:
        clause = flat(text[a:b])
        if _FRAMING.search(clause) or re.match(r"^(?:下一步|今后|同时)$|^为(?:了)?(?:进一步)?(?:做好|推进|提升|提高)", clause) or _lead_clause(clause):
            continue
        if groups and pending is None and _PURPOSE.match(clause):
            groups[-1][1] = b
            continue
        if m := _MEANS.match(clause):  # 利用网格化管理优势,设立… / 在…的基础上,发挥…
            pending = _raw_offset(text, a, len(m.group("actor") or "")) if pending is None else pending
            continue
        if m := _ACTOR.match(clause):  # 我局将加强… -> 加强…
            a = _raw_offset(text, a, m.end())
        groups.append([a if pending is None else pending, b])
        pending = None
    if pending is not None and groups:
        groups[-1][1] = clauses[-1][1]
    return [(a, b) for a, b in groups]


def _raw_offset(text: str, start: int, n: int) -> int:
    """The offset in ``text`` of the ``n``-th character after ``start`` of the :func:`flat` text (PDF wraps
    between them skipped)."""
    pos = start
    for _ in range(n):
        pos += 1
        if wrap := _WRAP.match(text, pos):
            pos = wrap.end()
    return pos


_WRAP = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")
_MEANS = re.compile(
    r"^(?P<actor>(?:下一步|今后)?[^,，]{0,12}?(?:将|要|拟))?(?:(?:并|同时)?(?:充分)?(?:利用|依托|借助|发挥)[^,，]{0,20}(?:优势|作用|平台|资源)(?:作用)?|"
    r"在[^,，]{2,40}(?:基础上|前提下|情况下|过程中)|以[^,，]{1,20}为(?:抓手|重点|契机|突破口|切入点|载体|核心))$"
)

_ACTOR = re.compile(r"^(?:下一步|今后)?[^，,]{0,8}?(?:将|要|拟)(?=(?:进一步|继续|持续|不断|切实|着力|全面|积极|大力)?(?:加强|加大|强化|提升|提高|完善|健全|推进|推动|深化|抓好|做好|规范|优化|丰富|拓宽|拓展|扩大|创新|落实|建立|加快|注重|坚持|严格))")


# a measure that names nothing it acts on (认真总结前期工作经验, 努力克服和解决困难, 深入推进政府信息公开的各项工作,
# 及时采取措施, 抓好改进落实): framing of the measures to come, no measure
_GENERIC_MEASURE = re.compile(
    r"^(?:[^,，]{0,8}?(?:将|要|会))?(?:并|同时)?(?:认真|努力|及时|切实|积极|扎实|进一步|继续|不断)?"
    r"(?:总结(?:前期|以往|过去|前段)?的?(?:工作)?经验(?:教训)?|克服(?:和解决)?(?:各种|工作中的?)?困难|"
    r"(?:深入|扎实|全面|稳步)?推进[^,，。]{0,16}?的?各项工作|采取(?:有效|有力|切实|相应|必要)?的?措施|抓好(?:改进|整改)?落实|"
    # 积极开展工作, 做好相关工作: that there will be work, none named
    r"(?:开展|做好|抓好)(?:各项|相关)?工作)$"
)


def _lead_clause(clause: str) -> bool:
    """``我局将按照《条例》要求`` / ``下一步,我们将`` / ``针对以上不足`` / ``将始终坚持以…为导向`` : who will act, on
    what authority or to answer what, no measure."""
    if _GENERIC_MEASURE.match(clause):
        return True  # 认真总结前期工作经验, 及时采取措施, 抓好改进落实: a measure that names nothing it acts on
    if re.match(r"^(?:并|同时)?(?:针对|对于?)(?:以上|上述|存在的|这些|此类|工作中的?)?(?:存在的?)?(?:问题|不足)$|"
                r"^(?:我们|我[局镇委办区县市署乡厅])?在(?:今后|今年|明年|以后|下一步|下阶段|新的一年|\d{4}\s*年度?)?的?(?:各项)?工作中$", clause):
        return True
    if re.match(r"^(?:下一步|今后)?.{0,8}?(?:将|要)?(?:进一步|继续|持续|不断|切实)?(?:加以)?(?:改进|改善|整改)$", clause):
        return True  # 将进一步改进: that there will be measures, none named
    if re.search(r"坚持以.{1,20}为(?:导向|中心|目标|原则|根本|出发点)$|^坚持.{2,30}的?原则$|^(?:立足|着眼于?).{1,12}$", clause):  # (立足全局和长远)
        return True
    if re.match(rf"^.{{0,20}}?{GUIDANCE}$", clause):
        return True  # 植物所将在…主管部门的指导下
    if re.fullmatch(CARRIED_OUT, clause) or re.fullmatch(AUTHORITY, clause):
        return True  # 继续严格贯彻落实《条例》和…相关制度要求: on what authority, no measure
    return bool(re.match(
        r"^(?:下一步|今后|\d{4}年)?.{0,20}?(?:将|拟|要|会)(?:按照|根据|依据|围绕|结合|认真|严格按照|继续按照|以)?.{0,40}(?:要求|部署|精神|规定)"
        r"(?:为(?:依据|指导|准绳|遵循))?$", clause)) or bool(
        re.match(r"^(?:下一步|今后)?.{0,12}(?:将|要)$", clause)
    )


# ---------------------------------------------------------------------------------------------
# sections 一 and 六: work points (platform work, oversight)
# ---------------------------------------------------------------------------------------------
def work_points(text: str, sections: list[SectionSpan]) -> list[Point]:
    """Candidate work items of 一 (every sub-part) and 六: enumerated points, else sentences.

    A short lead-in sentence (``加强全市政务公开考核工作。``) belongs to the point it introduces.
    """
    out: list[Point] = []
    for key, a, b in _work_regions(sections, len(text)):
        _lead, points = enumerated(text, a, b)
        covered = list(points)
        spans: list[tuple[int, int]] = list(points)
        leading: set[tuple[int, int]] = set()
        paras = paragraphs(text, a, b)
        titled: int | None = None  # where the title of the next paragraph starts
        title_ends: dict[int, int] = {}
        for n, (pa, pb) in enumerate(paras):
            if "|" in text[pa:pb]:
                continue
            if n + 1 < len(paras) and _title_para(text, pa, pb) and not any(s <= pa < e for s, e in covered):
                # (六)开展教育培训,提升业务能力 on a line of its own: the paragraph after it is its point; a topic
                # title (…的建设情况) names no measure
                titled = None if _TOPIC_HEADING.search(text[pa:pb]) else _unmarked(text, pa, pb)[0]
                continue
            here = [(s, e) for s, e in covered if s <= pa < e or pa <= s < pb]
            inside = [s for s, _ in here]
            if inside:
                # a status line after the paragraph's last point (…拓宽公开途径。目前,已建立“一网”“一微”…): its sentences
                tail = max(e for _, e in here)
                if tail < pb:
                    spans += [_unmarked(text, s, e) for s, e in sentences(text, tail, pb, "。!?！？")]
                # the sentences before the first point of the paragraph: a measure may lead the list
                pb = min(inside)
                if pb <= pa or any(s <= pa < e for s, e in covered):
                    continue
            # (a lead that is only the first point's enumerator is none: (一)加强网站建设运营,…作用\n一是整合…)
            found = _merge_leads(text, [u for s, e in sentences(text, pa, pb, "。!?！？") if (u := _unmarked(text, s, e))[0] < u[1]])
            if titled is not None and found:
                title_ends[titled] = found[0][0]
                found[0] = (titled, found[0][1])
            titled = None
            spans += found
            leading.update(found if inside else ())
        kept = [(s, e) for s, e in sorted(spans) if SIX_CJK.match(text, s, e)]
        out += [
            Point(s, e, key, None, (s, e) in covered, (s, e) in leading,
                  key == "overview" and i == 0 and (s, e) not in covered and not _CJK.search(text, a, s), title_ends.get(s))
            for i, (s, e) in enumerate(kept)
        ]
    return out


def _unmarked(text: str, s: int, e: int) -> tuple[int, int]:
    """A sentence without the enumerator it starts with."""
    for _, regex in _FAMILIES:
        if m := regex.match(text, s, e):
            return _trim_item(text, m.end(), e)
    return s, e


def narrative_sections(text: str, sections: list[SectionSpan]) -> list[SectionSpan]:
    """The sections the narrative stage reads: the report's, and, when no 总体情况 was found, the text before
    the first section as one (an excerpt that starts inside 一, an old report whose 一 has another title),
    with the sub-parts it shows (``3.政府信息管理情况。… 4.平台建设情况。…``)."""
    if not any(s.key == "problems" for s in sections) and (opening := _UNHEADED_PROBLEMS.search(text)):
        # 从总体来看,…但是也存在一些不足,主要表现在: the problems part of a page that prints no heading for it
        start = opening.start()
        if not any(s.start <= start < s.end for s in sections if s.key != "overview" or s.subsections):
            end = min((s.start for s in sections if s.start > start), default=len(text))
            sections = sorted([*sections, SectionSpan("problems", None, "", start, start, end)], key=lambda s: s.start)
    if not any(s.key == "problems" for s in sections) and (plan := _unheaded_plan(text)) is not None:
        # 2014年将认真做好以下几个方面的工作:(一)…: an old report's plan for the next year, printed without a heading
        end = min((s.start for s in sections if s.start > plan), default=len(text))
        sections = sorted([*sections, SectionSpan("problems", None, _PLAN_TITLE, plan, plan, end)], key=lambda s: s.start)
    if any(s.key == "overview" for s in sections):
        return sections
    first = sections[0].start if sections else len(text)
    if len(_CJK.findall(text, 0, first)) < 30:
        return sections
    overview = SectionSpan("overview", None, "", 0, 0, first)
    subparts = find_subparts(text, overview)
    if subparts and not _TOP_HEADING.search(text, subparts[0].start, first):
        overview.subsections = subparts  # (not when a part of another number follows: 二、主要工作措施)
    elif not sections:
        return sections  # an excerpt without headings: all of it is narrative (see _work_regions)
    return [overview, *sections]


_UNHEADED_PROBLEMS = re.compile(
    r"(?:^|(?<=[\n。]))[^\n。]{0,80}?(?:存在|还有)着?(?:一些|以下|如下|不少)?的?(?:不足|问题|差距)"
    r"(?:[^\n。]{0,20}?(?:主要)?(?:表现|体现)(?:在|为)[:：]|[:：](?=\s*(?:一是|其一|[(（]一[)）]|1[.、．]|第一)))"  # (…还存在一些不足:一是…)
)
_TOP_HEADING = re.compile(rf"(?:^|(?<=\n))[ \t\u3000]*[{_CN}]{{1,2}}、")
# a paragraph that opens the plan for the year after the report's (2014年将认真做好以下几个方面的工作:, 2011年,我们将…)
_PLAN_OPENING = re.compile(
    r"(?:^|(?<=\n))[ \t\u3000]*(?:(?P<year>20\d\d)\s*年(?:度)?|明年|下一步|下阶段|今后|新的一年)[,，]?"
    r"[^。\n:：]{0,12}?(?<![不未])(?:将|拟|计划|(?<![主重需])要(?!求))"
)
_PLAN_TITLE = "下一步工作计划"  # the title of a plan printed without a heading (what _IMPROVE_HEAD reads)


def _unheaded_plan(text: str) -> int | None:
    """Where the plan for the next year starts in a report that prints no section for its problems and measures:
    a paragraph after the first third that opens with the next year (or 下一步, 今后) and what will be done."""
    for m in _PLAN_OPENING.finditer(text, len(text) // 3):
        years = [int(y) for y in re.findall(r"(20\d\d)\s*年", text[: m.start()])]
        if m.group("year") and years and int(m.group("year")) <= max(years):
            continue  # 2013年我镇将…: the year reported on, not the next one
        return m.start() + len(m.group()) - len(m.group().lstrip())
    return None


def _work_regions(sections: list[SectionSpan], length: int) -> list[tuple[str, int, int]]:
    if not sections:
        return [("overview", 0, length)]  # an excerpt without headings: all of it is narrative
    regions: list[tuple[str, int, int]] = []
    for section in sections:
        if section.key == "proactive_table" and section.number == "一":
            # a report whose 一 is 主动公开政府信息情况 (an old one without 概述): its prose is section 一
            regions.append((section.key, section.heading_end, section.end))
        elif section.key == "overview":
            if section.subsections:
                first = section.subsections[0].start
                if first > section.heading_end:
                    regions.append((section.key, section.heading_end, first))
                regions += [(sub.key, sub.heading_end, sub.end) for sub in section.subsections]
            else:
                regions.append((section.key, section.heading_end, section.end))
        elif section.key == "other":
            regions.append((section.key, section.heading_end, section.end))
    return regions


def _merge_leads(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pending: int | None = None
    for s, e in spans:
        body = text[s:e]
        if len(body) <= 16 and not re.search(r"\d", body) and (_IMPROVE_VERB.match(body) or _CHANNEL_LEAD.match(body)):
            pending = s if pending is None else pending
            continue
        out.append((pending if pending is not None else s, e))
        pending = None
    if pending is not None:
        out.append((pending, spans[-1][1]))
    return out
