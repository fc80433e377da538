"""Find every stated figure of the narrative: value, unit, clause, exact offsets.  No model involved.

Works on the *normalized* text (Simplified script, half-width digits); offsets map back to the original
through :class:`extractor.normalize.NormalizedText`.  What counts as a figure: a number (Arabic or Chinese
numerals, with 万/亿/千 multipliers and 余/多/近/约 approximations) followed by a unit (条, 件, 次, 万元 …),
and zero statements such as 未发生行政复议 (one figure per quantity named).  Years, dates, ordinals and
document numbers are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractor.tables.splits import MAX_DIGITS

# the parts of a site or a list counted by their rank (官网通过8大板块, 五大栏目, 6大类, 15小项)
SITE_PARTS = ("大板块", "大版块", "大栏目", "大专题", "大模块")
UNITS = (
    "个百分点", "个工作日", "工作日", "万人次", "人次", "批次", "件次", "条次", "篇次", "场次", "期次", "课时", *SITE_PARTS, "大类", "小项",
    "亿元", "万元", "元", "条", "件", "篇", "次", "个", "期", "场", "项", "家", "人", "名", "份", "批",
    "本", "册", "部", "笔", "类", "户", "处", "则", "封", "台", "所", "位", "天", "小时", "套", "座", "宗", "起", "例", "轮", "块", "幅", "张", "组", "卷", "%",
)
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUM = f"[{_CN_DIGITS}十百千万亿]+"
_ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

FIGURE_RE = re.compile(
    rf"(?P<pre>近|约|超过|逾|超)?"
    rf"(?P<open>[(（])?"  # a form filled in with the figure in brackets: 发布政务信息(1386)条
    rf"(?P<num>{_ARABIC}|{_CN_NUM})"
    rf"(?:(?P<approx_mult>余|多)(?=万|亿|千))?"  # 10余万条
    rf"(?:[ \t\u3000]?(?P<mult>万|亿|千))?"  # PDF text often puts a space between a number and its unit
    rf"(?:(?<=万)(?P<tail>\d{{1,4}})(?![\d.,]))?"  # the rest after the ten thousands: 14万9000余条
    rf"(?:[ \t\u3000]?(?P<approx>余|多))?"  # 300 余人次
    rf"(?(open)[)）](?=[ \t\u3000]?(?:{_UNIT_RE})))"
    rf"(?:[ \t\u3000]?\n?(?P<unit>{_UNIT_RE}))?"  # a PDF line may wrap between a number and its unit
)
# a figure must not continue a longer token: 第3次, 〔2021〕30号, 2022年, 3月, 1.5版
_BAD_BEFORE = re.compile(r"(第|〔|\[|[A-Za-z]|\d|\.)$")
_RANK_BEFORE = re.compile(r"(?<![目此之提当日])前$")
_RANGE_OF_ARTICLES = re.compile(r"第\s*[\d一二三四五六七八九十]+\s*(?:至|到|-|—|~|－)\s*$")  # 《条例》第9至12条
_BAD_UNIT_AFTER = re.compile(r"^(年|月|日|号|时|点|版|楼|栋|层|周岁|岁|级|届|批次)")
ZERO_RE = re.compile(
    r"(?:(?:暂|均|一律|从)不(?=[^，。；：！？\n,;:]{0,6}?(?:收费|收取))|不(?=收取|收费)|未新?(?:被|发生|接收到|接收|收到|受到|接到|接获|受理|办理|出现|产生|收取|收过|涉及|有|引起|引发|造成)|未(?=涉诉|收费)|未(?=依申请公开[。；;\n]|依申请公开$)|未因[^，。；：,;:]{0,16}?(?:引起|引发|发生|产生|造成|被提起|被申请|收到|接到|受到)|均未(?:发生|收到|出现|产生|收取)|无(?!法|论|须|需|效)|没有|暂无|尚无|并无|"
    r"未[^，。；：！？\n,;:]{0,14}?(?=收取|(?:实施|进行)收费)|未(?:进行|开展)过?|"  # 未对公众提出依申请公开收取任何费用, 未对…申请实施收费, 未进行过…收费
    r"不存在|不涉及|从未|未曾)"
    r"(?:因政府信息公开(?:申请|工作)?(?:而)?(?:被)?(?:申请|提起)?)?"
    r"[^，。；：！？\n,;:]{0,28}?(?:行政复议|行政诉讼|复议|诉讼|起诉|涉诉|收费|费用|信息处理费|申请|结转|要求公开|公开型?案件)"
    # nothing received from a long list of who might have applied (未收到任何公民、法人或者其他组织…的公开申请)
    r"|未(?:收到|接到|接获|受理)[^，。；：！？\n,;:]{0,36}?申请"
)
# the negation after the topic: 依申请公开收费情况无, 依申请办理事项为零
ZERO_AFTER_RE = re.compile(
    r"(?<![^，。；：！？\n\s,;:])[^，。；：！？\n,;:]{0,24}?(?:行政复议|行政诉讼|收费|费用|信息处理费|申请)[^，。；：！？\n,;:]{0,10}?"
    r"(?:情况)?[:：]?\s*(?:为零|为0(?![\d.]|\s*[件条个次项宗起份篇])|均为零|无(?=[。；，,;\n]|$))"
)
_ZERO_TOPICS = (("行政复议", "行政复议"), ("行政诉讼", "行政诉讼"), ("复议", "行政复议"), ("诉讼", "行政诉讼"), ("起诉", "行政诉讼"), ("涉诉", "行政诉讼"),
                ("信息处理费", "信息处理费"), ("收费", "信息处理费"), ("费用", "信息处理费"),
                ("申请", "政府信息公开申请"), ("要求公开", "政府信息公开申请"), ("公开案件", "政府信息公开申请"), ("公开型案件", "政府信息公开申请"), ("结转", "结转下年度"))
_CONDITION = re.compile(r"(?:只要|凡是?|如果|若|除了?)$")
_CORRECTED = re.compile(r"纠错|纠正|败诉|撤销")
_PAIR_AFTER_COMMA = re.compile(r"[,，]\s*(?:或者?|和|及|以及)?(?:被)?(?:提起|申请)?(?:行政)?(?:复议|诉讼)[^，。；：,;:\n\d]{0,12}(?=[，。；：,;:\n]|$)")
_ZERO_TAIL = re.compile(r"(?:情况)?[:：]?\s*(?:为零|为0|均为零|无)$")
_NEGATION = re.compile(r"^(?:均未|未曾|未|无|没有|暂无|尚无|并无|不存在|不涉及|从未|暂不|均不|一律不|从不)")
CLAUSE_DELIMS = "，。；：！？\n、,;:!?()（）"
SENTENCE_DELIMS = "。；！？\n;!?"

_LEAD_FILLERS = re.compile(
    r"^(?:其中|包括|包含|全年|本年度|本年|年内|今年|同时|并且|并|此外|另外|另有|还有|尚有|仍有|共计|共|累计|合计|总计|全部|均|已|还|先后|"
    r"20\d\d年度?|截至\S{0,10}?(?:底|末|止)|截至20\d\d年\d{1,2}月\d{1,2}日|\d+月|以及|在|对|向|为)+"
)
_TRAIL_FILLERS = re.compile(r"(?:共计|共|累计|合计|总计|总数|数量|达到|达|为|了|计|约|近|超过|逾|有|已|均|等)+$")
_VERB_END = re.compile(
    r"(?:开设|开展|组织|举办|召开|发布|编印|印发|制发|建设|运营|开通|设立|新增|整合|关停|更新|收到|受理|办理|"
    r"参加|参与|开办|录制|制作|推出|设置|上线|公开|发放|接待|解答|回复|处理|答复|开展了|举行|完成|审核|发放|"
    r"(?<!公告)公示|推送|报送|上传|转载|转发|刊发|刊登|播发|发送|编发|张贴|印制|归集|清理|整理)$"
)
# the noun right after a classifier (19家政府网站, 举办3场培训), cut before verbs and conjunctions
_POST_NOUN_BODY = (
    r"^的?(?:是|为)?(《[^》]{1,30}》|(?!增加|减少|提高|降低|下降|上升|增长|达到|共|合计|累计|总计|占|同比|比上年|较上年|"
    r"建立|开设|设立|推出|上线|制定|印发|编制|召开|举办|加强|推进|推动|做好|开展|公开|发布|负责|担任)"  # (1128条增加到…; 政府公报3期建立“文件库”: the next clause's verb;
    # a change follows, 4期共800本: a second figure, 3条占8.11%: a share; not a noun; 8份是网络申请: the copula is not)
    r"(?:(?!提供|进行|开展|实现|实行|完成|按照|根据|依据|依法|予以|以及|和|及|与|等|在(?!线)|对|的|并|均|已|正在|仍在)[\u4e00-\u9fff《》“”A-Za-z]){1,%d})"
)
_POST_NOUN = re.compile(_POST_NOUN_BODY % 10)
# a longer noun that fills the rest of its clause is whole (收到1件政府信息依申请公开事项), not cut at ten characters
_POST_NOUN_WHOLE = re.compile(_POST_NOUN_BODY % 16 + r"\s*$")
_CLASSIFIERS = frozenset("个家场期项名部类批份本册所位套座次篇条件轮台起")
CHANNELS = (
    ("视频号", "视频号"), ("门户网站", "门户网站"), ("政府网站", "门户网站"), ("网站", "门户网站"), ("官网", "门户网站"),
    # a site named without 站 (政府门户网, 宝坻政务网, 南湖区政府信息公开网上, 县政府网的…专栏); not 政务服务网
    ("门户网", "门户网站"), ("政府网", "门户网站"), ("信息公开网", "门户网站"), ("政务网", "门户网站"), ("微信公众号", "微信公众号"),
    ("公众号", "微信公众号"), ("微信", "微信公众号"), ("微博", "微博"), ("政府公报", "政府公报"),
    # accounts on commercial apps are 政务新媒体 (evals/README.md rule 5's normalized names)
    ("公报", "政府公报"), ("新媒体", "政务新媒体"), ("抖音", "政务新媒体"), ("头条", "政务新媒体"), ("快手", "政务新媒体"),
    ("新闻发布会", "新闻发布会"), ("发布会", "新闻发布会"), ("报纸", "报刊"), ("报刊", "报刊"),
    ("电视", "广播电视"), ("广播", "广播电视"), ("公开栏", "公开栏"), ("公告栏", "公开栏"), ("公示栏", "公开栏"), ("专栏", "门户网站"),
    ("政务服务网", "政务服务网"), ("热线", "热线"),
)


@dataclass(frozen=True)
class Figure:
    """One figure in the normalized text.  ``start``/``end`` cover the printed figure (number+unit);
    ``quote_start``/``quote_end`` the clause that names it (the evidence)."""

    start: int
    end: int
    value: int | float
    raw: str
    unit: str | None
    approximate: bool
    quote_start: int
    quote_end: int
    quantity: str
    channel: str | None
    zero_statement: bool = False


# 九千九百九十九亿九千九百九十九万九千九百九十九 has 23 characters; longer runs are not one numeral.
_MAX_NUMERAL_CHARS = 30


def cn_to_number(text: str) -> int | None:
    """三百二十 -> 320, 两万三千 -> 23000, 十二 -> 12, 一〇五 -> 105; None when not a numeral."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    if all(c in digits for c in text):
        return int("".join(str(digits[c]) for c in text)) if len(text) > 1 else digits[text]
    units = {"十": 10, "百": 100, "千": 1000}
    big = {"万": 10_000, "亿": 100_000_000}
    total = section = number = 0
    for c in text:
        if c in digits:
            number = digits[c]
        elif c in units:
            section += (number or 1) * units[c]
            number = 0
        elif c in big:
            total = ((total + section + number) or 1) * big[c]  # (万 alone: 近万份)
            section = number = 0
        else:
            return None
    return total + section + number


def _value(num: str, mult: str | None) -> int | float | None:
    """None for a run too long to be a count (a 400-digit number used to crash int(inf))."""
    if len(num) > _MAX_NUMERAL_CHARS and sum(ch.isdigit() for ch in num) > MAX_DIGITS:
        return None
    if num[0].isdigit():
        value: float = float(num.replace(",", ""))
    else:
        if len(num) > _MAX_NUMERAL_CHARS:
            return None
        cn = cn_to_number(num)
        if cn is None:
            return None
        value = float(cn)
    value *= {"万": 10_000, "亿": 100_000_000, "千": 1000}.get(mult or "", 1)
    if not value < 10.0**MAX_DIGITS:
        return None
    return int(value) if value == int(value) else round(value, 6)


def _bounds(text: str, pos: int, end: int, delims: str, lo: int, hi: int) -> tuple[int, int]:
    a = pos
    while a > lo and (text[a - 1] not in delims or (text[a - 1] == "\n" and _wrap(text, a - 1, lo, hi)) or _in_word(text, a - 1)):
        a -= 1
    b = end
    while b < hi and (text[b] not in delims or (text[b] == "\n" and _wrap(text, b, lo, hi)) or _in_word(text, b)):
        b += 1
    return a, b


def _list_start(text: str, clause_start: int, lo: int, hi: int) -> int | None:
    """Where the clause begins whose list of 、-joined items ends in the clause at ``clause_start`` (通过微博、微信、…
    今日头条等发布信息N条); None when that clause does not follow a 、, or the list holds figures of its own (网站258条、
    微信公众号20条)."""
    if clause_start <= lo or text[clause_start - 1] != "、":
        return None
    listed = _bounds(text, clause_start, clause_start, CLAUSE_DELIMS.replace("、", ""), lo, hi)[0]
    return None if re.search(r"\d", text[listed:clause_start]) else listed


_IN_WORD = re.compile(r"(?<=[\u4e00-\u9fff])[(（][\u4e00-\u9fff][)）](?=[\u4e00-\u9fff])")


def _in_word(text: str, i: int) -> bool:
    """A bracket of a one-character insertion inside a word (县(市)区, 镇(街道) is not: two characters): no clause
    ends there."""
    if text[i] in "(（":
        return _IN_WORD.match(text, i) is not None
    if text[i] in ")）" and i >= 2:
        return _IN_WORD.match(text, i - 2) is not None
    return False


def _wrap(text: str, newline: int, lo: int, hi: int) -> bool:
    """A PDF hard wrap inside a sentence (涉及的行政诉讼数为\n0 件): a long line that ends on a character and
    a next line that goes on with one; a short line (a heading) or a table row ends its clause."""
    line = text[max(lo, text.rfind("\n", lo, newline) + 1) : newline].strip()
    nxt = text[newline + 1 : min(hi, newline + 3)].lstrip(" \t\u3000")
    return len(line) >= 20 and "|" not in line and bool(_CJK_CHAR.match(line[-1])) and bool(nxt) and (bool(_CJK_CHAR.match(nxt[0])) or nxt[0].isdigit())


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _strip(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo] in " \t\u3000·-—*#>|":
        lo += 1
    while hi > lo and text[hi - 1] in " \t\u3000":
        hi -= 1
    return lo, hi


def _enumerator_prefix(text: str) -> int:
    m = re.match(r"^\s*(?:[(（]?[一二三四五六七八九十\d]+[)）、.．]|[一二三四五六七八九十]+是)\s*", text)
    return m.end() if m else 0


def channel_of(text: str) -> str | None:
    """Every medium ``text`` names, in printed order, joined by 、 (门户网站、微博); None when it names none."""
    text = _ACCOUNT_NAME.sub("", _KIND_BEFORE_NAME.sub("", _NOT_A_MEDIUM.sub("", text)))
    found: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for word, channel in CHANNELS:  # longer names first within each medium: 门户网站 before 网站
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            if not any(a <= start < b for a, b in covered):
                covered.append((start, end))
                found.append((start, channel))
            start = text.find(word, end)
    names = list(dict.fromkeys(channel for _, channel in sorted(found)))
    return "、".join(names) if names else None


# 政务新媒体微信公众号“福州自贸区”: the kind said before the medium's own name is no medium of its own
_KIND_BEFORE_NAME = re.compile(r"政务新媒体(?=微信|公众号|微博|抖音|快手|头条|视频号|小程序|客户端)")
# the quoted name of an account (“番禺政府网”微信公众号): its words name no site
_ACCOUNT_NAME = re.compile(r"[“\"][^”\"]{1,20}[”\"](?=\s*(?:微信|公众号|微博|抖音|快手|头条|视频号|小程序|客户端))")
# events and places that are not where items are published
_NOT_A_MEDIUM = re.compile(r"新闻发布会|发布会|热线|直播间|访谈|头条新闻")
# the verbs of publishing items (also read by narrative.rules)
PUBLISHING_VERBS = r"发布|公开|推送|刊登|编发|转载"
# a count of published items (信息, 文件, 解读 …): only these have a channel
_PUBLISHED = re.compile(rf"{PUBLISHING_VERBS}|信息|文件|解读|文章|视频|直播|公报|稿件|动态|期")


def _sentence_start(text: str, pos: int, lo: int, ends: str = "。；;!?！？") -> int:
    """Where the sentence holding ``pos`` starts: after one of ``ends`` or a line break that ends a paragraph
    (a line break after a character that does not end a sentence is a PDF wrap, not a boundary)."""
    i = pos
    while i > lo:
        ch = text[i - 1]
        if ch in ends:
            return i
        if ch == "\n" and (i - 2 < lo or text[i - 2] in "。；;!?！？:：\n" or pos - i > 120):
            return i
        i -= 1
    return lo


_FROM_TO = re.compile(r"^([^由]{2,12}?)由(?:原来的?|原|(?:19|20)\d\d\s*年度?的?|上一?年的?|去年的?)")
_BARE_TOTAL = re.compile(r"(?:总计|合计|共计|累计)(?=\s*$)")


_TOPIC_TAIL = re.compile(r"的?(?:情况|数量|总数|总量|数)$")


def _named_before_colon(text: str, clause_start: int, lo: int, hi: int) -> tuple[int, str] | None:
    """A figure that opens its clause right after a colon is named before it (主动公开政府信息的情况:40条): where
    that name starts, and the name without 的情况/的数量."""
    colon = clause_start - 1
    while colon > lo and text[colon] in " \t\u3000":
        colon -= 1
    if colon <= lo or text[colon] not in ":：":
        return None
    name_start = _bounds(text, colon, colon, CLAUSE_DELIMS, lo, hi)[0]
    name_start += _enumerator_prefix(text[name_start:colon])
    name = _TOPIC_TAIL.sub("", _LEAD_FILLERS.sub("", text[name_start:colon].strip())).strip()
    return (name_start, name) if len(name) >= 2 and not re.search(r"\d", name) else None


# bodies counted right before a count of people (40个部门60余人, 全县56个单位80余名): the scope of the next
_SCOPE_FIGURE = re.compile(r"\d+\s*[个家所]\s*[\u4e00-\u9fff]{0,3}?(?:部门|单位|乡镇|街道|社区|村|科室|处室|学校|企业)的?$")
_REMARK = re.compile(r"[(（][^()（）]*[:：、,，][^()（）]*[)）]")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")


def _in_quoted_title(text: str, start: int, end: int, lo: int, hi: int) -> bool:
    """The figure is inside a quoted name (“…19名勇士…”): an opening quote before it in its sentence that is not
    closed before it, and its closing quote after it in the same sentence."""
    before = text[max(lo, start - 40) : start]
    opened = before.rfind("“")
    if opened == -1 or "”" in before[opened:] or re.search(r"[。；;！？!?\n]", before[opened:]):
        return False
    closing = re.search(r"[”。；;！？!?\n]", text[end : min(hi, end + 40)])
    return bool(closing and closing.group() == "”")


_ANNOUNCES = re.compile(r"(?:方面(?:的)?(?:工作|措施|举措|内容|重点|任务)?|(?:的)?(?:工作|措施|举措|内容|重点|任务))[:：]\s*(?:\n|$|[(（]?[一1１][)）、.．]|一是|第一)")
_SPEECHES = re.compile(r"[^，。；,;：:]{0,12}?重要(?:讲话|指示|论述|回信|批示)")
_ARTICLE_CITED = re.compile(r"》(?:第)?$|》第[^，。；,;》]{1,14}[、和及]第?$")  # (《条例》第二十条、二十一条规定)
_SESSION = re.compile(r"届[^，。,;；]{0,8}$")  # (十三届人大四次会议, 十四届政协二次会议)
_PER_UNIT = re.compile(r"每(?:一)?(?:个|家|名|位|所)?(?:业务)?(?:科室|股室|处室|部门|单位|村|社区|乡镇|镇|街道|站所|网格|成员单位)[^，。；,;\d]{0,10}$")
_ABOUT_THEN_NOUN = re.compile(r"(?:关于|有关)[^，。；,;的]{1,16}的([\u4e00-\u9fff]{2,10})\s*$")
_BY_THE_RULES = re.compile(r"^(?:严格|嚴格)?(?:按照|依照|依据|依據|根据|根據)[^，。；,;]{0,24}?(?:》|规定|規定|要求|程序|时限|時限)(?:的)?")


# nouns that name nothing on their own (申请, 信息): what the clause goes on to say of them names the count
_BARE_NOUNS = frozenset({"申请", "信息", "政府信息", "案件", "事项"})
_LAST_HEAD_NOUN = re.compile(r".*(?:账号|网站|平台|栏目|专栏|专题|公众号|新媒体|信息|文件|申请|事项|单位|部门|科室)")
_INCLUDING = re.compile(r"包括[^，。；,;]{1,80}?在内的")


# a sub-heading before the sentence's year, on its line or glued to it (回应社会关切以及互动交流情况\n2018年…, 主动公开政府
# 信息的数量2018年…), or a numbered sub-heading run into it (……4.认真办理依申请公开2020年全区…): no part of a count's name
_TITLE_BEFORE_YEAR = re.compile(
    r"(?:[^，。；：,;:]{2,40}?(?:情况|数量|概况)|.*?[(（]?[一二三四五六七八九十\d]{1,2}[)）.、．][^，。；：,;:\d]{2,20}?)\s*(?=(?:19|20)\d\d\s*年)"
)


def _quantity(text: str, clause_start: int, start: int, end: int, clause_end: int, unit: str | None) -> tuple[str, int]:
    """The quantity's name in the report's words and where the quote ends."""
    before = _REMARK.sub("", text[clause_start:start])  # (包括:天气预报、预警信号): a remark, not the name
    before = _INCLUDING.sub("", before)  # 主动公开包括…权责清单和其他业务事项等在内的政府信息: what it includes, not its name
    before = before[_enumerator_prefix(before):]
    if title := _TITLE_BEFORE_YEAR.match(before):
        before = before[title.end() :]  # 主动公开政府信息的数量2018年全区主动公开政府信息: a sub-heading glued to the sentence
    before = _TRAIL_FILLERS.sub("", _LEAD_FILLERS.sub("", before.strip())).strip()
    if m := _FROM_TO.match(before):  # 信息发布量由2013年的1128条增加到2014年的1887条: both are 信息发布量
        before = m.group(1)
    after = text[end:clause_end]
    m = _POST_NOUN_WHOLE.match(after) or _POST_NOUN.match(after)
    post = m.group(1) if m and not _BY_THE_RULES.match(after.strip()) else ""  # (严格按照…: how, not what)
    if re.match(r"(?:均|全部|都|皆|已)", post):
        post = ""  # 收到留言43条全部妥善办结: what became of them, not their name
    cut = len(post)
    if m and post and not _POST_NOUN_WHOLE.match(after) and len(post) == 10 and (head := _LAST_HEAD_NOUN.search(post)):
        # a noun cut at ten characters mid-word (41个政务新媒体账号日常监管和协调: 政务新媒体账号日常监): up to its last head noun
        cut = head.end()
        post = post[:cut]
    post_end = end + (m.start(1) + cut if m and post else 0)
    if about := _ABOUT_THEN_NOUN.match(after):
        post, post_end = about.group(1), end + about.end(1)  # 2起关于政府信息公开的行政诉讼案件: 行政诉讼案件
    if not before and post in _BARE_NOUNS and unit and m:
        # 另有72件申请按照《条例》顺延到下年度答复, 5件申请正在办理中: a bare 申请 is named by what its clause says of it
        said = _BY_THE_RULES.sub("", text[post_end:clause_end].strip())
        if 2 <= len(said) <= 16 and not re.search(r"\d", said):
            return post + said, clause_end
    scoped = unit in ("人", "名", "人次") and bool(_SCOPE_FIGURE.search(before))  # (not 归集20个部门文件223条)
    if scoped:
        before = ""  # 40个部门60余人参加了…培训: the figure before counts whom it is drawn from, the words after name it
    # (5件申请均在法定期限内办结: the noun after the figure is what its clause goes on to say of all of them)
    said_of_all = bool(post) and re.match(r"(?:均|全部|都|皆)", after.strip()[len(post) :]) is not None
    if not before and (len(post) < 2 or scoped or said_of_all) and unit:
        # the figure opens its clause and the words after it name it: 26件已在限期内答复申请人, 2件正在复议机关审理中
        rest = _BY_THE_RULES.sub("", text[end:clause_end].strip())  # 2件严格按照《条例》按时答复并公开: 按时答复并公开
        # (not the first of a list of attributes, unless each of the list is a figure and what became of it:
        # 13件予以公开、18件予以部分公开、9件无法提供)
        if 2 <= len(rest) <= 20 and (text[clause_end : clause_end + 1] != "、" or re.match(r"、\s*\d", text[clause_end : clause_end + 3])):
            return rest, clause_end
    printed = text[clause_start:start].strip()
    if post and (printed.startswith("在") or printed.endswith("的")) and post.endswith("中") and len(post) > 1:
        # 在已经答复的91件申请中, 已办结的40件政府信息公开申请中: the applications answered, the frame of the breakdown
        return printed.removeprefix("在") + post[:-1], post_end
    if post and printed.startswith(("对", "将", "把")) and printed.endswith("等") and unit and len(unit) == 1:
        # 对…端口在互联网上关闭等1处网站安全漏洞进行了修复: the object put first, its examples before, what it is after
        # (not 开设了通知公告等14个栏目: what was done, named by its examples)
        return post, post_end
    if post and unit and unit[-1] in _CLASSIFIERS and not _ITEMS_BEFORE.search(before):
        # (概况类信息348条政务要闻…: the items named before, and the next item's name after)
        return (before + post if _VERB_END.search(before) else post), post_end
    if not before and not post and (total := _BARE_TOTAL.search(text, clause_start, start)):
        # …发布信息514条,总计2401条: a total named only as such; …逐步屏蔽无效、过时信息,累计5500余条: the clause before
        # names what was counted, when it prints no figure of its own
        prior = _clause_before(text, clause_start - 1, 0, width=40).strip() if text[clause_start - 1 : clause_start] in ("，", ",") else ""
        if len(_CJK_CHAR.findall(prior)) >= 4 and not re.search(r"\d", prior):
            return _LEAD_FILLERS.sub("", prior), end
        return total.group(), end
    return before or post, end if before else post_end


def _channel(text: str, clause_start: int, quote_end: int, lo: int) -> str | None:
    """The medium of a count of published items: named in its clause, or before it in its sentence
    (通过门户网站公开…，其中政策解读65件); never one named after it (129条，其中微信公众号发布72条: 72 only).
    A part of a channel's count is of that channel (网站主动公开信息131条,其中…办事指南3条)."""
    if (listed := _list_start(text, clause_start, lo, len(text))) is not None:
        clause_start = listed  # 通过微博、微信、…今日头条等发布信息N条: the whole list
    clause = text[clause_start:quote_end]
    before = text[_sentence_start(text, clause_start, lo) : clause_start]
    if not _PUBLISHED.search(_NOT_A_MEDIUM.sub("", clause)):
        whole = _whole_of(text, clause_start, quote_end, lo) if _ITEMS_COUNTED.search(clause) else ""
        return (channel_of(clause) or channel_of(whole)) if re.search(r"\d", whole) else None
    if "其中" in before and _OWN_VERB.search(clause):
        # 其中政府网站公开…12723条,…,公开查阅点公开…674条: a part that says how it went out has not its siblings'
        # channel, only the whole's (其中,通过门户网站公布要闻672条,视频新闻259条: 259 shares the first's)
        own = before[max(before.rfind(ch) for ch in ",，、;；") + 1 :]  # (其中局官方网站(http://…)发布922条)
        before = before[: before.rfind("其中")] + own
    return channel_of(clause) or channel_of(before) or channel_of(_whole_of(text, clause_start, quote_end, lo))


def _whole_of(text: str, clause_start: int, quote_end: int, lo: int) -> str:
    """The count a part listed after 其中 belongs to: the clause before 其中, in the sentence (网站主动公开信息131条,
    其中…办事指南3条; the list may go on after a semicolon), or the last clause of the sentence before when 其中
    opens one (…网站上共新增主动公开政府信息50条。其中机构类信息20条); "" for no part."""
    start = _sentence_start(text, clause_start, lo, ends="。!?！？")
    upto = text[start:quote_end]
    if "其中" not in upto:
        return ""
    head = upto[: upto.rfind("其中")].rstrip(",，;；:： ")
    if not head and start - 1 > lo:
        if channel_of(text[start:clause_start]):
            return ""  # 其中通过网站公开258条、…、公告3条: a list by channel, no whole's channel to share
        head = text[_sentence_start(text, start - 1, lo, ends="。!?！？") : start - 1]
    clauses = re.split(r"[,，;；:：]", head)
    whole = clauses.pop()
    # the clauses that lead to the whole's figure and count nothing themselves say how it went out
    # (于2024年通过…政府网站、…等多元途径,对外发布政府信息99条。其中政务信息87条)
    while clauses and not _COUNTED.search(clauses[-1]):
        whole = clauses.pop() + "," + whole
    return whole


_COUNTED = re.compile(r"\d\s*(?:余|多)?\s*[条篇件期份个项次]")


_OWN_VERB = re.compile(rf"{PUBLISHING_VERBS}|公布|发表")
_ITEMS_COUNTED = re.compile(r"\d\s*(?:余|多)?\s*[条篇件期份]\s*$")


def _named_before_bracket(text: str, clause_start: int, start: int, lo: int, hi: int) -> int | None:
    """Where the name starts when a figure opens a bracket right after it (公开栏(35条)); else None."""
    if clause_start <= lo or text[clause_start - 1] not in "(（" or text[clause_start:start].strip():
        return None
    if _ITEMS_COUNTED.search(text, max(lo, clause_start - 12), clause_start - 1):
        return None  # 行政复议5件(4件结果维持,…): the breakdown of a figure, each part named after it
    named = _bounds(text, clause_start - 1, clause_start - 1, CLAUSE_DELIMS, lo, hi)[0]
    return named if clause_start - 1 - named >= 2 else None


_CHANGED_TO = re.compile(r"(?:精简|压缩|减少|缩减|缩短|降低?|提高|提升|增加|优化|调整)(?:为|到|至)\s*$")


_PER_PERIOD = re.compile(r"每(?:\d+|[两二三四五六七八九十])?个?(?:日|天|周|月|季度|季|年|工作日)(?!报|头条|新闻|一)")  # (not 每日头条, a medium)
_CHANGE = re.compile(r"(?:增加|减少|增长|下降|上升|增多|提高|降低)了?\s*$")
# the change set off by a comma from what it is compared with (同上年相比,增加6条)
_COMPARED = re.compile(rf"(?:同|与|和|较|比)(?:上年|去年|上一年|前一年|历年|往年|\d{{4}}年)(?:度|同期)?相比[,，]\s*(?:共|累计)?{_CHANGE.pattern}")
_LAST_YEAR = re.compile(r"同比|上年|去年|上一年|前一年|历年|往年|较\d{4}年|比\d{4}年")


def _rate_before(clause: str) -> bool:
    """The clause before a figure makes it a rate per period (每两周平均更新信息13条): not where the period names
    what was published (发布每周工作动态信息29条) or governs a figure before this one (每周工作动态信息29条、活动信息10条)."""
    for m in _PER_PERIOD.finditer(clause):
        if re.search(rf"(?:{PUBLISHING_VERBS})$", clause[: m.start()]) or re.search(r"\d", clause[m.end() :]):
            continue
        return True
    return False


def _clause_before(text: str, start: int, lo: int, *, width: int = 24) -> str:
    """The clause that ends at ``start``: at most ``width`` characters, cut at the last clause break."""
    before = text[max(lo, start - width) : start]
    return re.split(r"[，。；：,;:\n]", before)[-1]


def _numbered_name(text: str, start: int, end: int, unit: str | None, lo: int, hi: int) -> bool:
    """A number that names rather than counts: a quoted slogan (“三个一”, “四个不够”), a word of a quoted or
    bracketed title, a run of numbered names (三个安全、三个环境、三个质量), an article of a regulation or the session
    of a congress, the parts of the report (由…六个部分组成) or of a list (两个方面, 主要做了三项工作:)."""
    if text[max(lo, start - 1) : start] in ("“", '"', "「", "‘") and re.search(r"[”\"」’]", text[end : min(hi, end + 6)]):
        return True
    if text[end : end + 1] in ("”", '"', "」") and re.search(r"[“\"「][^“”\"「」，。；,;]{1,12}$", text[max(lo, start - 13) : start]):
        return True  # the end of a quoted name (“创业富民30条”): a programme, not a count
    opened = text.rfind("《", max(lo, start - 30), start)
    if opened != -1 and "》" not in text[opened:start] and re.match(r"[^《》]{0,30}》", text[end : min(hi, end + 31)]):
        return True  # inside a title (《七个专项行动》等专题专栏): the name of a column or document, not a count
    if re.match(r"[\u4e00-\u9fff]{0,8}》", text[end : min(hi, end + 9)]):
        return True  # the end of a long title (《…打造国家科技创新中心33条措施》): a word of its name
    if _in_quoted_title(text, start, end, lo, hi):
        return True  # “安居19名勇士千里驰援雷神山胜利归来”等6条原创作品: a title's words, not a count
    if unit == "条" and _ARTICLE_CITED.search(text, max(lo, start - 24), start) and re.match(r"(?:的|之)?[规規]定", text[end : end + 3]):
        return True  # 严格贯彻《…条例》二十条规定: an article of the regulation, not twenty items
    if unit == "次" and _SESSION.search(text, max(lo, start - 10), start) and re.match(r"(?:全体)?会议|全会", text[end : end + 4]):
        return True  # 省十三届人大四次会议建议2件: the fourth session, not four of anything
    if _SPEECHES.match(text, end, hi):
        return True  # 习近平总书记六次来陕考察重要讲话重要指示: the speeches studied, not work counted
    if unit in ("项", "个", "点", "方面") and _ANNOUNCES.match(text, end, hi):
        return True  # 主要做了三项工作:1.…: the size of the list that follows, not a count
    if unit == "类" and not text[start].isdigit():
        return True  # 辖内五类机构: the kinds of a thing, written in words, not a count of them
    if not text[start].isdigit() and re.search(r"“[^“”]{1,30}[、，,][^“”]{1,30}”$", text[max(lo, start - 64) : start]):
        return True  # 紧扣“制度建设、数字赋能、公开实效”三个关键: the parts of one quoted slogan, counted in words
    if unit == "位" and text.startswith("一体", end):
        return True  # “官方网站+政务新媒体+线下渠道”三位一体: a slogan
    if _CHANGE.search(text[max(lo, start - 4) : start]) and (
        _LAST_YEAR.search(_clause_before(text, start, lo)) or _COMPARED.search(text[max(lo, start - 16) : start])
    ):
        return True  # 与上年相比增加1条, 同上年相比,增加6条: a change, not a count
    if unit in ("个", "部") and re.match(r"(?:个)?部分(?:组成|构成|内容)|分(?:组成|构成|内容)", text[end - 1 if unit == "部" else end : end + 4]):
        return True
    if unit == "个" and text.startswith("部分", end) and (
        re.search(r"等\s*$|(?:情况|事项|附表|附件)\s*$", text[max(lo, start - 30) : start]) or re.search(r"包括|组成|分为", text[max(lo, start - 120) : start])
    ):
        return True  # 全文包括总体情况…等6个部分: the parts of the report
    if unit == "次" and re.search(r"届\s*$", text[max(lo, start - 2) : start]):
        return True  # 十二届六次全会: an ordinal
    if unit == "次" and not text[start].isdigit() and re.match(r"(?:审核|审查|审签|校对|核校)", text[end : end + 2]):
        return True  # 进行二次审核: a step of a procedure (三审三校), not how often
    if unit == "位" and re.search(r"(?:提升|上升|提高|前进|前移|下降|下滑|后退|后移)了?\s*$", text[max(lo, start - 4) : start]):
        return True  # 位列全国第5位,较上年提升6位: a ranking moved, not work counted
    if re.search(r"(?:浏览|阅读|点击|访问)(?:量|数|次数)?\s*[:：]\s*$", text[max(lo, start - 6) : start]):
        return True  # 浏览:13019次 under a page's title: how often it was read (page furniture)
    if re.match(r"[^。,，;；]{0,24}?中(?:排名|位列|名列|排在|排第|获得第)", text[end : min(hi, end + 30)]):
        return True  # 在重庆40个区县政府网站年度考评中排名第七: the field of a ranking, not work counted
    if unit == "个" and (text.startswith("试点领域", end) or re.match(r"领域的?[^。,，;；]{0,6}?(?:基层政务公开|标准目录|标准指引)", text[end : end + 16])):
        return True  # 公开21个试点领域相关信息, 编制完成26个领域基层政务公开标准目录: a numbered programme (rule 2)
    if unit == "台" and not text[start].isdigit() and text[end : end + 1] in ("山", "县"):
        return True  # 五台山, 三台县: a place
    if unit == "个" and text.startswith("抓手", end):
        return True  # 以“两个抓手”推进: a figure of speech
    if unit == "个" and text.startswith("方面", end):
        return True  # 从以下两个方面改进, 主要开展三个方面工作: how the text is laid out
    if unit in ("个", "类") and re.search(r"等\s*$", text[max(lo, start - 2) : start]) and re.match(r"(?:大类|类别|环节|步骤|层面|维度)", text[end : end + 2]):
        return True  # 从政策征集、管理等9个环节, 社会救济等14个大类: the categories a list spans, not work counted
    if unit in ("条", "种", "个") and not text[start].isdigit() and re.match(r"(?:途径|渠道|方式|形式)[^。,，]{0,8}[:：]", text[end : end + 12]):
        return True  # 主要通过两条途径公开:一是…: the list that follows, not channels counted
    if unit in ("项", "个", "条") and re.match(r"(?:基本|总体|工作)?(?:原则|方针)", text[end : end + 4]):
        return True  # 四项基本原则: a numbered name of principles, not work counted
    if re.search(r"由(?:原来的?|原)?\s*$", text[max(lo, start - 4) : start]) or _CHANGED_TO.search(text[max(lo, start - 6) : start]):
        return True  # 材料由原来的12项精简为7项: the size of a procedure before and after, not work done
    if re.search(r"(?:每|一)(?:周|月|季度?|年)(?:更新|开展|发布)?(?:不少于)?\s*$", text[max(lo, start - 6) : start]):
        return True  # 一周更新两次以上, 每月2次: a frequency
    if _rate_before(_clause_before(text, start, lo)):
        return True  # 每2周至少发布信息1条, 每两周平均更新信息13条: a rate per period, not work counted
    listed = _LISTED_BEFORE.search(text, max(lo, start - 40), start) if not text[start].isdigit() and _ABSTRACT.match(text, end) else None
    if listed and len(listed.group(1).split("、")) == cn_to_number(text[start : end - len(unit or "")]):
        return True  # 平台、队伍、制度三个层次: a number that counts the ideas just listed names them (not 大箐、海子两个贫困村)
    if unit != "个" or text[start].isdigit():
        return False
    numeral = re.escape(text[start : end - 1])
    # three or more in a row with the same numeral are names (两个公众号、两个抖音号 may be counts)
    a, b = max(lo, start - 24), min(hi, end + 24)
    run = re.compile(rf"(?:{numeral}个[\u4e00-\u9fff]{{1,4}}?、){{2,}}{numeral}个")
    return any(m.start() + a <= start < m.end() + a for m in run.finditer(text[a:b]))


_ABSTRACT = re.compile(r"(?:层次|领域|目标|维度|层面|要素|环节|意识|自信|原则|方面|要求|步骤|阶段|重点|结合|统一|转变|理念|导向|效应)")
_LISTED_BEFORE = re.compile(r"((?:[\u4e00-\u9fff]{1,4}、)+[\u4e00-\u9fff]{1,4})等?$")

# published items named right before a figure printed without its unit (主动公开政府信息72, 通知公告307不动产公告84条)
_ITEM_NOUNS = r"(?:信息|公告|文件|解读|动态|新闻|要闻|通知|简报|消息|事项|意见|信箱|报告)"  # (依申请公开事项0, 答复意见2)
# 一 as a count: after the name of what was counted, the unit ending the clause (收到政府信息公开申请一件。)
_ONE_COUNTED = re.compile(r"(?:申请|信息|案件|诉讼|复议)一\s*(?:件|条|起|宗|次)(?=$|[，。；,;、）)\s])")
_ITEMS_BEFORE = re.compile(
    rf"(?:(?:{_ITEM_NOUNS}类?|公开件|申请件)(?:数量|总数|数)?(?:为|是|达|共计|合计|共)?"  # (文件数量为0, 公开件800)
    rf"|(?<=[\d\u4e00-\u9fff])(?:共计|合计|总计))$"  # (…公开信息389共计3545: the total of the counts before)
)
# applications counted in a statistics line without their unit (政府信息公开申请数为14453, 申请办结数为14453; a
# zero there is a statement of none, which the zero rules read)
_APPLICATIONS_BEFORE = re.compile(r"(?:(?:申请|办结|答复|受理)(?:数量|总数|数)|(?<=办理)(?:政府信息)?(?:公开)?申请)(?:为|是|达)?$")
# the item before, closed by its figure and a conjunction (…活动集锦6条以及涉企行政检查公示1条): the next item starts after it
_FIGURE_THEN_AND = re.compile(rf"\d+\s*(?:余|多)?\s*(?:{_UNIT_RE})(?:以及|及|和|与)(?=[\u4e00-\u9fff])")
# the end of the item before, in a list whose commas were lost (…信息348条政务要闻…, …类信息520旗内文件55…)
_RUN_ON_ITEM = re.compile(rf"(?<={_ITEM_NOUNS})\d+(?:\s*(?:余|多)?\s*[条件篇项个期次份组])?(?=[\u4e00-\u9fff])")


def _items_named_before(text: str, start: int, lo: int) -> str:
    """The published items named last before ``start`` in its sentence (公开信息), for a total named only 共计."""
    found = list(_ITEMS_NAMED.finditer(text, _sentence_start(text, start, lo), start))
    return found[-1].group() if found else ""


# a name that says only through which medium something was published (通过扎赉特旗人民政府网站公开)
_THROUGH_ONLY = re.compile(r"(?:通过|在|经|依托)[^,，。;；]{2,40}?(?:公开|发布|推送|公示)")
_ITEMS_NAMED = re.compile(rf"(?:公开|发布|政府|政务)?{_ITEM_NOUNS}")


def _unitless_count(text: str, m: re.Match[str], lo: int, hi: int) -> bool:
    """A count of published items printed without its unit: an Arabic number right after the items' name, and
    then the end of its clause or the next item's name (not a date, a code or a unit)."""
    num = m.group("num")
    if not num[0].isdigit() or m.group("pre") or "." in num or len(num.replace(",", "")) > 6:
        return False
    if re.fullmatch(r"(?:19[89]|20[0-4])\d", num) and text[max(lo, m.start() - 2) : m.start()] == "情况":
        return False  # (一)主动公开政府信息情况2025,全县…: a year printed without 年 after a heading, not a count
    if not _ITEMS_BEFORE.search(text, max(lo, m.start() - 9), m.start()) and not (
        num != "0" and _APPLICATIONS_BEFORE.search(text, max(lo, m.start() - 9), m.start())
    ):
        return _counted_then_clause_end(text, m, lo, hi)
    after = text[m.end() : min(hi, m.end() + 1)]
    return after == "" or after in CLAUSE_DELIMS or bool(_CLAUSE_END_AFTER.match(text, m.end(), hi)) or bool(re.match(r"[\u4e00-\u9fff]", after) and not _BAD_UNIT_AFTER.match(after))


# what was done to the items counted, then their name, right before a figure printed without its unit (公开审批事项办理结果
# 10550;, 市级媒体刊发75,, 共收到政府信息公开申请3,): not a rank, a rate or a telephone number
_COUNTED_BEFORE = re.compile(r"(?:发布|刊发|刊登|收到|受理|办理|办结|答复|维持|公开|推送|上传|更新|转载)(?:(?!率)[\u4e00-\u9fff]){0,14}(?<![第前近约共计达为是至])(?<!达到)(?<!电话|热线|专线|号码|编号|代码|邮编)$")
# the end of the figure's clause: punctuation, the end of the text, or a line break not followed by more of a number
# or a table row (201\n7\n年: a year a PDF cut in two)
_CLAUSE_END_AFTER = re.compile(r"[ \t\u3000]*(?:$|[，。；,;]|\n(?![ \t\u3000]*[\d|｜]))")


def _counted_then_clause_end(text: str, m: re.Match[str], lo: int, hi: int) -> bool:
    """A figure printed without its unit that ends its clause, right after what was done to the items it counts."""
    start = m.start()
    if not _COUNTED_BEFORE.search(text, max(lo, start - 16), start):
        return False
    return bool(_CLAUSE_END_AFTER.match(text, m.end(), hi))


# what joins the figures of a list that share one unit, printed after the last (2433、1664和2247条)
_LIST_JOIN = r"[ \t\u3000]*(?:、|和|及|与)[ \t\u3000]*"
_SHARED_UNIT = re.compile(rf"(?:{_LIST_JOIN}\d+(?:\.\d+)?)+[ \t\u3000]*(?P<unit>{_UNIT_RE})")  # the rest of the list
_LISTED_AFTER_FIGURE = re.compile(_LIST_JOIN)


def find_figures(text: str, lo: int = 0, hi: int | None = None) -> list[Figure]:
    """Every figure in ``text[lo:hi]``, in order of position."""
    hi = len(text) if hi is None else hi
    figures: list[Figure] = []
    for m in FIGURE_RE.finditer(text, lo, hi):
        num, mult, unit = m.group("num"), m.group("mult"), m.group("unit")
        if m.group("open") and not (num[0].isdigit() and _CJK_CHAR.match(text, max(lo, m.start() - 1))):
            continue  # (二)部分公开, 。(3)处理…: an enumerator, not a figure filled in after its name
        if not unit and not mult and num[0].isdigit() and (shared := _SHARED_UNIT.match(text, m.end(), hi)):
            unit = shared.group("unit")  # 分别发布信息2433、1664和2247条: the unit printed once, after the last of the list
        if not unit and not mult and not _unitless_count(text, m, lo, hi):
            continue
        if not num[0].isdigit() and ((num == "一" and not _ONE_COUNTED.match(text, max(lo, m.start() - 2))) or (num in "十百千万亿" and not m.group("pre") and not m.group("approx")) or not unit):
            continue  # 一个/一批 are articles, not counts; 万/千 alone are not numbers (but 近千人次, 近万份, 百余条 are)
        if _BAD_BEFORE.search(text[max(lo, m.start() - 1) : m.start()]) or _RANGE_OF_ARTICLES.search(text, max(lo, m.start() - 8), m.start()):
            continue
        if unit in ("位", "名") and _RANK_BEFORE.search(text, max(lo, m.start() - 2), m.start()):
            continue  # 发布政府信息数量前10位的单位, 排名前3名: a rank, not a count
        if _BAD_UNIT_AFTER.match(text[m.end() : m.end() + 2]) and not unit:
            continue
        if unit is None and mult and _BAD_UNIT_AFTER.match(text[m.end() : m.end() + 2]):
            continue
        if unit is None and text[m.end() : m.end() + 1] in ("+", "＋"):
            continue  # a tier or a formula, not a count: 其中10万+推文57篇, “1+N”政策体系
        value = _value(num, mult)
        if value is not None and m.group("tail"):
            value += int(m.group("tail"))
        if value is None or _numbered_name(text, m.start("num"), m.end(), unit, lo, hi):
            continue
        start = m.start() if m.group("pre") or m.group("open") else m.start("num")
        end = m.end()
        clause_start, clause_end = _bounds(text, start, end, CLAUSE_DELIMS, lo, hi)
        if _PER_UNIT.search(text, clause_start, start):
            continue  # 每个业务科室明确1位信息员, 每村配备1名信息员: a quota per unit, not a count
        if ("等" in text[clause_start:start] or "分别" in text[clause_start:start]) and (list_start := _list_start(text, clause_start, lo, hi)) is not None:
            # the last of a list closed by 等 (主动公开机构信息、政策文件、…、疫情防控等方面政府信息7579条): the figure
            # counts the whole list, named from where the list's clause begins
            clause_start = list_start
        close = max(text.rfind(")", clause_start - 1, start), text.rfind("）", clause_start - 1, start))
        if close >= lo and close >= clause_start - 1 and not re.search(r"[(（]", text[clause_start:close]):
            # a remark in brackets between the name and the figure: 工作动态类信息(含通知公告)315条,
            # 累计发布各类信息(包括:天气预报、预警信号)共1631条
            opening = max(text.rfind("(", lo, clause_start), text.rfind("（", lo, clause_start))
            if opening > lo and close - opening <= 60:
                clause_start = _bounds(text, opening, opening, CLAUSE_DELIMS.replace("(", "").replace("（", ""), lo, hi)[0]
        if listed := [b.end() for b in _RUN_ON_ITEM.finditer(text, clause_start, start)] + [b.end() for b in _FIGURE_THEN_AND.finditer(text, clause_start, start)]:
            clause_start = listed[-1]  # a list printed without its commas: 概况类信息348条政务要闻415条通知公告307…
        named_before = _named_before_bracket(text, clause_start, start, lo, hi)
        clause_start, clause_end = _strip(text, clause_start, clause_end)
        if named_before is not None:
            # the figure opens a bracket right after its name: 政府信息公开网站(108条)、《罗家信息》(3期): the name
            # is the medium, if any
            quantity, quote_end = text[named_before : clause_start - 1].strip(), clause_end
            clause_start = named_before
            channel = channel_of(quantity)
        else:
            quantity, quote_end = _quantity(text, clause_start, start, end, clause_end, unit)
            channel = None
            if not quantity and (topic := _named_before_colon(text, clause_start, lo, hi)):
                clause_start, quantity = topic  # 1、主动公开政府信息的情况:40条
            if not unit and quantity in ("共计", "合计", "总计") and (items := _items_named_before(text, start, lo)):
                quantity += items  # …公开信息389共计3545: printed without its unit, the total of those items
            elif _THROUGH_ONLY.fullmatch(quantity) and (items := _items_named_before(text, clause_start, lo)):
                # 公开政府信息279条,其中通过…网站公开50条: what the medium published is what the total counts
                quantity += re.sub(rf"^(?:{PUBLISHING_VERBS})", "", items)
        quote_start = clause_start + _enumerator_prefix(text[clause_start:start])
        if figures and figures[-1].raw.isdigit() and _LISTED_AFTER_FIGURE.fullmatch(text, figures[-1].end, start):
            quantity = ""  # the next of a list that shares one unit (2433、1664和2247条): named after the first
        if figures and figures[-1].end == start and figures[-1].unit not in (None, "大类", *SITE_PARTS) and unit and figures[-1].unit != unit and figures[-1].quantity:
            # a second measure printed right after the first (公众号共发布信息294期1014条): the same items, named alike
            quantity, quote_start = figures[-1].quantity, figures[-1].quote_start
        if clause_end - quote_end <= 25 and not _RUN_ON_ITEM.search(text, quote_end, clause_end) and not _FIGURE_THEN_AND.search(text, start, clause_end):
            quote_end = clause_end  # a short tail belongs to the statement (72件申请…顺延到下年度答复), not the next item
        figures.append(
            Figure(
                start=start,
                end=end,
                value=value,
                raw=text[start:end],
                unit=unit,
                approximate=bool(m.group("pre") or m.group("approx") or m.group("approx_mult")),
                quote_start=quote_start,
                quote_end=max(quote_end, end),
                quantity=quantity,
                channel=channel if named_before is not None else _channel(text, clause_start, quote_end, lo),
            )
        )
    zeros = [(m.start(), _bounds(text, m.end(), m.end(), CLAUSE_DELIMS.replace("、", ""), lo, hi)[1]) for m in ZERO_RE.finditer(text, lo, hi)]
    # the other of the pair, after a comma (无因政府信息产生行政复议,提起行政诉讼情况发生): the same negation
    zeros = [(a, pair.end() if (pair := _PAIR_AFTER_COMMA.match(text, b, hi)) else b) for a, b in zeros]
    for m in ZERO_AFTER_RE.finditer(text, lo, hi):
        if not any(a < m.end() and m.start() < b for a, b in zeros):
            zeros.append((m.start(), m.end()))
    for start, phrase_end in sorted(zeros):
        if _CONDITION.search(text, max(lo, start - 3), start):
            continue  # 只要不涉及国家机密…的政府信息依申请全部予以公开: a condition, not a none
        phrase = text[start:phrase_end]
        # 无与诉讼(行政复议,行政诉讼)有关的费用支出: the clause goes on to what it cost
        # (与行政复议、行政诉讼有关的费用支出:无: the phrase itself names what they cost)
        cost_of_it = re.search(r"有关的?费用|费用支出", re.split(r"[,，;；。]", _BRACKETED.sub("", text[phrase_end : phrase_end + 30]))[0] + phrase)
        seen: set[str] = set()
        for word, quantity in _ZERO_TOPICS:
            if word in phrase and quantity not in seen and not any(quantity != s and word in s for s in seen):
                if word in ("复议", "诉讼") and any(s.endswith(word) for s in seen):
                    continue
                if quantity != "信息处理费" and cost_of_it:
                    continue  # no cost of suits, not no suit
                if quantity == "信息处理费" and re.search(r"成本|支出|经费|行政事业性", phrase):
                    continue  # 未产生…成本费用, 没有相应费用支出: what it cost the body, not a fee charged
                if quantity in ("政府信息公开申请", "结转下年度") and (
                    re.search(r"上年(?:度)?结转", phrase) or re.search(r"上一?年度?$", text[max(lo, start - 4) : start])
                ):
                    continue  # 无上年结转政府信息公开申请, 上年无结转: none carried over from last year, none of the quantities counted
                if quantity in ("行政复议", "行政诉讼") and _CORRECTED.search(phrase):
                    continue  # 未出现被行政复议纠错的情况: no review corrected the body, not no review
                if quantity == "政府信息公开申请" and re.search(r"申请人(?![^,，。]{0,12}?申请(?!费))|收费|费用|处理费|因[^,，。]{0,15}(?:申请|案件)|申请[^,，。及和与、]{0,4}?(?:复议|诉讼)|申请[^,，。]{0,6}?(?:导致|引起|引发|造成)|(?:复议|诉讼)申请|申请[^,，。]{0,8}?(?:举报|投诉)|(?:举报|投诉)[^,，。]{0,8}?申请", phrase):
                    # 依申请公开收费情况无, 向申请人收取费用, 未发生因…申请行政复议, 没有被申请行政复议, 就…申请提出复议,
                    # 未收到与申请有关的投诉, 无政府信息公开申请办理导致行政复议 (not 未收到…申请公开政府信息以及有关…
                    # 工作的举报、投诉: the applications and the complaints both)
                    continue
                seen.add(quantity)
                if quantity == "政府信息公开申请" and "申请" in phrase:
                    # the report's own words: 未收到依申请公开件 -> 收到依申请公开件; 依申请办理事项为零 -> 依申请办理事项
                    named = _zero_words(phrase)
                    asked = re.search(r"申请(?!人)", named)  # (收到申请人提出的依申请公开申请: not the applicant)
                    quantity = named[: asked.end()] if asked else quantity
                    rest = named[len(quantity) :]
                    whole = phrase.startswith(named) or (quantity.endswith("依申请") and rest.startswith("公开"))  # (依申请公开诉求)
                    quantity = _TOPIC_TAIL.sub("", quantity + ("件" if rest[:1] == "件" else rest if whole and len(rest) <= 8 else ""))
                unit = "元" if quantity == "信息处理费" else "件"
                if quantity == "信息处理费":
                    # the report's words (收取任何费用, 政府信息公开的收费): the name shown is the one printed
                    named = _zero_words(phrase)
                    fee = re.search(r"信息处理费|处理费|收费|费用", named)
                    quantity = named[: fee.end()] if fee else quantity
                figures.append(_zero(start, phrase_end, phrase, quantity, unit))
    figures += _headed_zeros(text, figures, lo, hi)
    kept = [f for f in figures if not _scope_of(text, f, figures)]
    return _respectively(text, sorted(_zeros_for_both(text, kept, lo, hi), key=lambda f: (f.start, f.quantity)))


# "none of these" under a heading that names the reviews and suits ((三)因政府信息公开申请行政复议、提起行政诉讼情况。
# 本年度无此类情况。): a zero for each the heading names
_SUCH_NONE = re.compile(r"(?:本年度|本年|全年|今年|年内)?(?:无|没有|未发生|未出现|不存在)(?:此类|该类|上述|相关|类似)(?:情况|情形|案件|事项)")
_SUBJECT = re.compile(r"[ \t\u3000]*[\u4e00-\u9fff]{1,10}(?:20\d\d年度?)?")
_REVIEW_HEADING = re.compile(r"(?:^|\n)[ \t\u3000]*(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十\d]{1,2}[、.．])?(?P<title>[^。\n]{0,40}?(?:复议|诉讼)[^。\n]{0,12}?)[。:：]?[ \t\u3000]*\n?[ \t\u3000]*$")


def _headed_zeros(text: str, figures: list[Figure], lo: int, hi: int) -> list[Figure]:
    out: list[Figure] = []
    for m in _SUCH_NONE.finditer(text, lo, hi):
        # the statement may open with who says it (市供销社不存在此类情况。)
        line_start = max(lo, text.rfind("\n", lo, m.start()) + 1)
        said_by = line_start if m.start() - line_start <= 12 and _SUBJECT.fullmatch(text, line_start, m.start()) else m.start()
        heading = _REVIEW_HEADING.search(text, max(lo, said_by - 70), said_by)
        if heading is None or _CORRECTED.search(heading.group("title")) or any(f.start < m.end() and m.start() < f.end for f in figures):
            continue
        for word, quantity in (("复议", "行政复议"), ("诉讼", "行政诉讼")):
            if word in heading.group("title"):
                out.append(_zero(m.start(), m.end(), m.group(), quantity, "件"))
    return out


def _zero(start: int, end: int, raw: str, quantity: str, unit: str) -> Figure:
    """A zero statement's figure: the negation is both the printed figure and its quote."""
    return Figure(start=start, end=end, value=0, raw=raw, unit=unit, approximate=False, quote_start=start, quote_end=end,
                  quantity=quantity, channel=None, zero_statement=True)


def _zero_words(phrase: str) -> str:
    """A zero statement's words for what it is about: without its negation, its closing 无/为零 and an enumerator
    ((一)申请情况\n无, (三)公民、法人和其他组织的收费情况:无)."""
    named = _ZERO_TAIL.sub("", _NEGATION.sub("", phrase))
    named = named[_enumerator_prefix(named) :]
    return re.sub(r"^(?:(?:19|20)\d\d\s*年度?|本年度|全年)[,，]?", "", named)  # (2022年度收到…申请数量为0: the year is no part of the name)


def _zeros_for_both(text: str, figures: list[Figure], lo: int, hi: int) -> list[Figure]:
    """A printed zero for the reviews and suits both (行政复议、行政诉讼0件; 进入行政复议程序和行政诉讼程序均为0件):
    one zero each."""
    out = []
    for f in figures:
        out.append(f)
        if f.value != 0 or f.zero_statement:
            continue
        if both := _BOTH_NAMED.fullmatch(f.quantity):
            out[-1:] = [replace(f, quantity=both.group(1)), replace(f, quantity=both.group(2))]
        elif text[f.quote_start - 1 : f.quote_start] == "、":
            start = _bounds(text, f.quote_start - 1, f.quote_start - 1, CLAUSE_DELIMS.replace("、", ""), lo, hi)[0]
            listed = text[start : f.quote_start - 1] if f.quote_start - 1 - start <= 30 else ""
            if (hit := _REVIEW_OR_SUIT.search(listed)) and _REVIEW_OR_SUIT.search(f.quantity) and not re.search(r"\d", listed[hit.start() :]):
                out.append(replace(f, quantity=listed[hit.start() :], quote_start=start))
    return out


# (…被申请行政复议或被提起行政诉讼的情况:0件: 或 joins them too)
_BOTH_NAMED = re.compile(r"([^\d]*?(?:行政)?复议[^和及与或、\d]{0,4})(?:[和及与、]|或者?)([^\d]*?(?:行政)?诉讼[^\d]{0,6})")


def _scope_of(text: str, figure: Figure, figures: list[Figure]) -> bool:
    """A figure of bodies in brackets right after a count of items (日常工作情况240条(街道11个科室以及4个社区)): whose
    items they are, not work counted."""
    if figure.unit not in _BODIES:
        return False
    opening = max(text.rfind("(", 0, figure.start), text.rfind("（", 0, figure.start))
    if opening == -1 or re.search(r"[)）]", text[opening : figure.start]):
        return False
    if figure.quantity and re.match(r"[、,，;；)）]", text[figure.end : figure.end + 1]):
        return False  # a part of the breakdown named before its figure (9条(信访条例1个、公开指南1则)): items, not bodies
    return any(f.end == opening and f.unit in _ITEMS for f in figures)


_REVIEW_OR_SUIT = re.compile(r"行政复议|行政诉讼|复议|诉讼")
_BODIES = frozenset({"个", "家", "名", "人", "所"})
_ITEMS = frozenset({"条", "篇", "件", "期", "份", "项"})


def _respectively(text: str, figures: list[Figure]) -> list[Figure]:
    """A figure printed without a name right after a named one (发布信息353条、542条) counts the same thing; after
    ``分别`` each figure is the medium named in its place (网站和微信公众号分别发布信息353条、542条)."""
    out = list(figures)
    i = 0
    while i < len(out):
        run = [i]
        while (j := run[-1] + 1) < len(out) and not out[j].quantity and not out[j].zero_statement and (
            text[out[j - 1].end : out[j].start].strip() in ("、", ",", "，", "和", "及")
        ):
            run.append(j)
        head = out[i]
        if len(run) > 1 and head.quantity:
            media = [channel_of(part) for part in re.split(r"和|与|及|、", head.quantity.split("分别")[0])] if "分别" in head.quantity else []
            named = [m for m in media if m]
            for n, k in enumerate(run):
                channel = named[n] if len(named) == len(run) else head.channel
                out[k] = replace(out[k], quantity=head.quantity, quote_start=head.quote_start, channel=channel)
        i = run[-1] + 1
    return out
