"""Keyword rules: the label of every figure and work point, the rules-only baseline and what stands
wherever a model is not asked, gives no answer, or gives one its evidence does not support.

They label what :mod:`extractor.narrative.numbers` and :mod:`extractor.narrative.items` found; every label
they give is marked ``method="rules"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from extractor.narrative.items import (
    AUTHORITY,
    LEADING_CONJUNCTION,
    LIST_AHEAD,
    SITE_FOOTER,
    TOPIC_TITLE,
    Point,
    flat,
    sentences,
)
from extractor.narrative.numbers import PUBLISHING_VERBS, SITE_PARTS, Figure
from extractor.narrative.schema import CountCategory, WorkKind
from extractor.narrative.support import GENERAL_KIND_WORDS

_REVIEW = re.compile(r"复议(?![^,，。]{0,4}?(?:决定书|文书))|诉讼")  # (行政复议决定书20份: documents published)
_FEE = re.compile(r"收费|信息处理费|费用")
_APPLICATION = re.compile(r"申请|答复|办结|结转|转下(?:一)?年|受理|来信|予以公开|不予公开|部分公开|无法提供|不予处理")
_INTO_PERFORMANCE = r"(?:纳入|列入)[^。,，;；]{0,12}?绩效"  # work put into performance management: an assessment
_OVERSIGHT = re.compile(rf"培训|集训|考核|考评|督查|督导|督办|工作通报|通报(?:批评|问题)|问责|追究|检查|评议|测评|学习|{_INTO_PERFORMANCE}")
_PLATFORM_THING = re.compile(
    r"(?:网站|新媒体|公众号|微博|账号|栏目|专栏|平台|客户端|APP|热线|抖音号|头条号|子站|视频号|"
    r"公开栏|公示栏|宣传栏|查阅点|查阅室|显示屏|电子屏|LED屏|触摸屏|一体机)(?:数|数量)?$"  # (and the boards, rooms and screens)
)
# numbers that are never counts of work: rates and shares, durations, ages
_NOT_A_COUNT = frozenset({"%", "个百分点", "个工作日", "工作日", "天", "小时"})


_ANSWERED = re.compile(r"答复|办结|受理|来信")  # said of letters and work orders too, not only of applications
# what a review or a lawsuit ended in (2宗维持原答复, 1宗结果纠正, 尚未审结): an application ends 予以公开 … 尚未办结
_REVIEW_OUTCOME = re.compile(r"维持|纠正|尚未审结|其他结果")


_SERVICES = re.compile(r"服务事项|政务服务事项|审批事项|(?:申请|受理)[^,，。;；]{0,4}?许可|许可[^,，。;；]{0,4}?申请")  # (申请受理许可5家: licences, not information)
_DUTY = re.compile(r"分管|组长|联络员|信息员|负责人|同志|每|各")
_TRAINING = re.compile(r"培训|轮训|集训")
_NOT_A_DAY = re.compile(r"日常(?!态)|(?<=开放)日(?=益)")  # (开放日常态化 is an open day)
_OPEN_DAY = re.compile(r"开放(?:日(?!益)|周|月)")  # a day, week or month the body opens its doors to the public
_OPEN_DAY_NAME = re.compile(rf"(?:政务|政府|信息)公开(?:主题)?日|{_OPEN_DAY.pattern}")  # and the day a body shows its disclosure work
_HOLDS = r"(?:开展|举办|组织|举行|抓好|做好|办好)"  # an event held (开展“政府开放日”活动, 抓好“5.15”政务公开日宣传活动)
_PUBLICITY_MATERIAL = re.compile(r"海报|手册|传单|宣传页|标语|展板|横幅|折页|口袋书|宣传册|宣传品|宣传资料|宣传物料")
_PUBLIC_VOICE = re.compile(r"建议|提案|咨询|留言")
_ITEM_UNITS = frozenset({"条", "篇", "期", "次", "份"})


def figure_category(figure: Figure, section: str, clause: str) -> CountCategory:
    text = figure.quantity + clause
    if figure.unit in ("元", "万元", "亿元") and not _FEE.search(text):
        return "other"  # 涉及资金734万元: money, not a fee for information
    if figure.unit in ("元", "万元", "亿元") or (_FEE.search(figure.quantity) and figure.unit not in _ITEM_UNITS):
        return "fee"  # 价格收费类信息52条 counts published items
    if (_REVIEW.search(text) and "申请" not in figure.quantity) or section == "review_litigation_table" or _REVIEW_OUTCOME.search(figure.quantity):
        return "review_litigation"
    if _SERVICES.search(figure.quantity) and "信息公开" not in figure.quantity:
        return "other"  # 受理各类服务事项N件: government services, not applications for information
    if _PUBLICITY_MATERIAL.search(figure.quantity):
        return "other"  # 张贴宣传海报200余份, 悬挂宣传标语12条: publicity material, not information published
    if _OPEN_DAY.search(text) and figure.unit not in ("条", "篇"):
        return "other"  # 开展“政府开放日”活动N次: events (政府开放日信息37条 are published items)
    if _PUBLIC_VOICE.search(figure.quantity):
        return "proactive"  # 答复咨询N件, 办理人大建议N件: responding to the public is information management
    # under 主动公开, letters and work orders answered (回复…信箱来信, 受理诉求工单) are no applications for information
    applied = bool(_APPLICATION.search(figure.quantity)) and not (
        section.endswith("proactive_disclosure") and "申请" not in text and not _APPLICATION.search(_ANSWERED.sub("", figure.quantity))
    )
    if section.endswith("on_request") or section == "applications_table" or applied:
        return "application" if not _REVIEW.search(figure.quantity) else "review_litigation"
    if figure.unit in ("名", "人") and not _TRAINING.search(figure.quantity):
        return "other"  # people: staff (配备3名专职工作人员), guests, those a body's work concerns (认定初级职称133人)
    if (section.endswith("oversight") or _OVERSIGHT.search(figure.quantity)) and figure.unit not in ("条", "篇"):
        return "oversight"  # 涉企行政检查7条 counts published items
    if (_PLATFORM_THING.search(figure.quantity) and figure.unit not in _ITEM_UNITS) or figure.unit in SITE_PARTS or (
        section.endswith("platforms") and figure.unit in ("个", "家", "套", "座")
    ):
        return "platform"  # counts sites, accounts, columns; 网站发布信息N条, 发布微博N篇 count published items
    if section.endswith(("proactive_disclosure", "info_management", "platforms")) or section in ("overview", "proactive_table", "other"):
        return "proactive"
    return "other"


_AUDIENCE = re.compile(r"关注(?:量|数|人数|用户|度)|参与(?:人数|人次)|^参与$|注册用户|用户(?:数|量|总数)?$|粉丝|订阅(?:人数|数|量|用户)|观看|点赞|播放(?:量|次数)|(?:^|累计|总)播放$|推荐(?:总?量|数)|浏览(?:总?量|次数|人次)?|访问(?:总?量|次数|人次)|阅读(?:总?量|数|人数|次数|人次)|(?:^|获得|累计|总)阅读$|阅览(?:总?量|人次)?|(?:日|月|年|人)均|平均|点击(?:总?量|次数)|转发(?:量|数|次数|人次)|(?<!解读)评论(?:量|数|次数)?$|点播(?:总?量|次数)?|分享(?:量|数|次数)?$|覆盖(?:听众|观众|受众|群众|人群|居民|企业)?$|注册(?:会员|用户)")


_HONOURS = re.compile(r"(?:奖项|荣誉|称号|奖)$")
_YEARS_GONE = re.compile(r"(?:年头|春秋)$")


def figure_is_count(figure: Figure) -> bool:
    """Counts of work; not rates, durations, or audience figures (关注量, 观看量)."""
    return (
        figure.unit not in _NOT_A_COUNT and len(figure.quantity) >= 2 and not _AUDIENCE.search(figure.quantity)
        # one person named for a duty (确定1名分管领导负责, 每个单位设置1名联络员): who does the work, not a count;
        # the staff a body has for the work (配备1名专职工作人员, 明确专人1名) are counted
        and not (figure.value == 1 and figure.unit in ("名", "人") and _DUTY.search(figure.quantity))
        and not _HONOURS.search(figure.quantity)  # 获得…等4个奖项: what the work won, not work done
        and not _YEARS_GONE.search(figure.quantity)  # 走过了8个年头: how long, not how many
    )




# ---------------------------------------------------------------------------------------------
# work items of 一 and 六: platform work and oversight
# ---------------------------------------------------------------------------------------------
# (a quoted name of a platform, “会宁县政府门户网”, and a gazette's title, 《朔州市人民政府公报》, are the platform: kept)
_BOOK_TITLE = re.compile(r"《(?![^》]{0,40}?公报》)[^》]{0,80}》")
_TITLE = re.compile(rf"{_BOOK_TITLE.pattern}|“(?![^”]{{0,30}}?(?:(?:网|网站|公众号|微博|客户端|APP|App|app|平台|库|专题|专栏|栏目|专区|系统)”|开放日|公开日))[^”《]{{0,30}}”")
_APPLICATION_PLATFORM = r"申请(?:办理|受理)(?:系统|平台)"  # where applications are handled: a platform noun of kind system
# a government gazette, not a bulletin of figures (统计公报, 生态环境状况公报, 水资源公报)
_GAZETTE = r"(?<!统计)(?<!状况)(?<!质量)(?<!资源)公报"
_PLATFORM_NOUN = re.compile(
    rf"网站|门户|专栏|栏目|新媒体|融媒体|公众号|微博|微信|抖音|头条号|视频号|客户端|APP|App|app|{_GAZETTE}|热线|集约|适老|无障碍|改版|"
    rf"{_OPEN_DAY_NAME.pattern}|子站|网页|检索(?![^。,，;；]{{0,8}}?费)|搜索|"  # (not 未收取检索、复印、邮寄等费用: a fee)
    r"错别字|错敏|错链|无效链接|断链|(?:文件|数据|规章)库|留言板|"  # a website's content checked for errors; its libraries of documents
    rf"政务服务网|IPV6|IPv6|依申请公开[^。,，;；]{{0,4}}?(?:系统|平台)|{_APPLICATION_PLATFORM}|(?:咨询|投诉|监督|专线|专职)电话|OA系统|阅办联动|政策(?:集中)?发布|政策归集|"
    r"统一(?:发布)?平台|问答平台|(?:管理|办理|填报|录入)系统|"  # (建立智能化政策问答平台, 研发政府信息填报、录入和管理系统)
    r"(?:服务|监管|发布|公开|办公)平台|"
    # a topic page (开设…专题, 专题专栏), not a topic meeting or training (专题会议, 专题培训)
    r"(?:开设|建立|设立|开辟|增设|制作|搭建|上线|维护|建设|打造|推出)[^。,，;；]{0,30}?专题(?!培训|会|学习|研讨|调研|辅导|部署|宣传|研究)|专题(?:专栏|页面|网页|栏目|专区)"
)
# channels used as a platform, items only inside the 平台建设 sub-part
_MEDIA_NOUN = re.compile(
    r"新闻发布会|发布会|访谈|直播间|电台|电视台|报社|报纸|报刊|新闻媒体|广播|电子屏|显示屏|触摸屏|宣传栏|公开栏|公示栏|查阅点|查阅室|查阅场所|公开专窗"
)
# a place in the office where the public reads what is disclosed, set up (在办公楼入口处建立政务公开宣传栏, 设立政府信息
# 查阅室): platform work of its own kind, also outside 平台建设
_VENUE_SET_UP = re.compile(
    r"(?:建立|设立|设置|开辟|新建|增设|建成|开设|安装|构建)了?(?!的)[^。,，;；的]{0,12}?"
    r"(?:宣传栏|公开栏|公示栏|公告栏|橱窗|电子(?:显示)?屏|显示屏|LED屏|查阅室|查阅点|查询点|查询室|阅览室|索取点|公开专窗)"
)
# "通过X网站向社会公开": the site is only the channel of something else
_NOT_SET_UP = r"(?!设置|开设|增设|开通|建设|设立)"  # 在网站设置专栏,公开…: a measure, not a channel
_SITES = r"(?:网站|门户|公众号|平台|专栏|栏目|官网|网页|子站)"
_PUBLISHED_THROUGH = r"(?:依法|及时|主动|集中|进行了?|予以|向社会|积极|认真|做好)*(?:公开|发布|公布|公示)"
_CHANNEL_PHRASE = re.compile(
    rf"(?:通过|在|经由|经过|(?<![关由对属便基等终])于|借助|采用|采取|利用|运用|依托)"
    rf"(?:{_NOT_SET_UP}[^。;；]){{0,20}}?{_SITES}"
    rf"(?:上|中|[^。;；,，]{{0,12}}?等(?:多种)?(?:渠道|平台|形式|方式|途径)|[和及与、](?:{_NOT_SET_UP}[^。;；,，]){{1,12}}?)?[,，]?"
    rf"{_PUBLISHED_THROUGH}"
    # 借助新闻媒体、简报等形式公开: any channels, named as the means of publishing
    rf"|(?:通过|借助|利用|运用|依托|采用|采取)[^。;；,，]{{1,24}}?等(?:多种)?(?:渠道|平台|形式|方式|途径|载体)[,，]?"
    rf"{_PUBLISHED_THROUGH}"
    # 主要通过县政府网、…官方微信微博和…网站以及《…日报》、…平台开展信息公开和信息宣传工作: a long list of channels
    rf"|(?:通过|借助|依托|利用|运用)(?:{_NOT_SET_UP}[^。;；]){{0,100}}?(?:{_SITES}|网|报|微博|微信)"
    rf"(?:等(?:多种)?(?:渠道|平台|形式|方式|途径|载体)?)?(?:开展|进行)(?:了)?[^。;；,，]{{0,6}}?(?:公开|发布|宣传)"
    # 其他宣传载体如…微信公众号等进行公开: the channels as a list of examples
    rf"|(?:(?!开设|开通|建设|设立|设置|增设)[^。;；,，]){{1,30}}?等(?:渠道|平台|形式|方式|途径|载体)?(?:进行|予以)(?:公开|发布|公示)"
    # 充分利用并发挥网站部门频道及时发布…; 充分发挥网站作为…主渠道作用, 积极发挥政府门户网站…重要平台作用 (rule 7:
    # using a channel is no work on it)
    rf"|(?:利用|运用|依托|发挥)(?:{_NOT_SET_UP}[^。;；,，]){{0,20}}?{_SITES}"
    rf"[^。;；,，]{{0,6}}?(?:频道|栏目|专栏|账号)(?:依法|及时|主动|积极)*(?:公开|发布|公布|推送)"
    rf"|(?:充分(?:发挥|利用|运用)|(?:积极|切实|着力|有效|进一步)?发挥)(?:(?!设置|开设|增设|开通|建设|设立|改版|维护)[^。;；]){{0,40}}?(?:作用|优势|等(?:多种)?(?:平台|渠道|载体|方式|途径|形式))"
)
_MEASURE_WORDS = r"开设|开通(?!知)|增设|新增|设置|设立|建设|建立|改版|改造|升级|上线|维护|监测|整合|优化|完善"
# a point that only says through which channel something went out (通过村务公开栏公开, 在政府门户网站进行电子化公开)
_CHANNEL_ONLY = re.compile(
    rf"^(?:主要)?(?:通过|利用|依托|借助|运用|在)(?:(?!{_MEASURE_WORDS})[^,，。;；]){{1,28}}?(?:公开|发布|公示|宣传)(?:信息)?$"
)


def channel_only(text: str) -> bool:
    """The point names a channel used and nothing done on it (labeling rule 7: content, not platform work)."""
    return _CHANNEL_ONLY.match(text.strip()) is not None


# a body that has no such platform (我局未开设政务新媒体账号, 我局无独立网站及政府新媒体): nothing was worked on
_OWN_PLATFORM = r"政务新媒体|新媒体|网站|门户|公众号|微博|账号|客户端"
_NO_PLATFORM = re.compile(
    r"(?:未|没有|无(?!障碍|效|纸)|暂无|尚无|尚未|暂未|并未)(?:注册|开设|开通|建立|设立|建设|单独|独立|自建)?(?:开设|开通|注册|建设)?的?"
    rf"(?:(?!出现|发生|因|对)[^,，。;；]){{0,8}}?(?:{_OWN_PLATFORM})[^,，。;；、]{{0,6}}"
    rf"(?:[、和及与或][^,，。;；、和及与或]{{0,6}}?(?:{_OWN_PLATFORM}|抖音号?|头条号?)[^,，。;；、]{{0,4}})*"  # (…、微信公众号、官方微博)
)


def no_platform(text: str) -> bool:
    """The point says the body has no such platform, and names no measure beside (labeling rule 7: a statement
    that nothing happened)."""
    rest = _NO_PLATFORM.sub("", text)
    return rest != text and _MEASURE.search(rest) is None


# updating what a platform shows (及时更新机构职能…等栏目信息) is publishing, not work on the platform
_CONTENT_UPDATE = re.compile(
    r"(?:规范|及时|实时|集中)?(?:更新|丰富|展示)[^,，;；。]{0,40}?(?:信息|内容|要素|数据|动态)|(?:信息|内容|数据)[^,，;；。]{0,6}?(?:及时)?更新"
)
# what a point is for, after what is done (…,实时更新日常工作动态,确保政府信息公开工作有效开展): no work of its own
# (not the upkeep it names: …,确保政府网站与政务新媒体健康平稳运行)
_PURPOSE_AFTER = re.compile(r"[,，](?:以?确保|以便|便于)(?![^,，;；。]{0,24}?(?:运行|运转))[^,，;；。]*")
_SET_UP = r"(?<!机构)(?<!职能)(?<!部门)(?<!科室)设置"  # setting something up (机构设置 is what was published)
# what launching, clearing or improving works on: a site's columns, pages or functions (not 推出20期《…》栏目: episodes)
_ON_COLUMNS = r"(?![^。,，;；]{0,3}?\d+\s*期)(?=[^。,，;；]{0,8}?(?:专栏|栏目|页面|版面|功能|检索|布局|错链|断链|无效链接|错别字|错敏))"
# a corner of a site made (建设/开辟/打造/推出 …专栏) within the clause: 推出了外事历程等反映外事工作成果图片纪实性栏目
# (not a series of programmes: 推出20期《问政平潭之有事您说》等相关栏目)
_MAKES_CORNER = (
    r"(?:建设(?!项目|工程|用地|规划|领域)|开辟|打造|推出|搭建)(?![^。,，;；]{0,3}?\d+\s*期)(?=[^。,，;；]{0,20}?(?:专栏|专题|栏目|专区))|"
    r"制作(?=[^。,，;；]{0,20}?专题(?:页面|网页|专栏|栏目))|"  # 设计制作“…常务会议”专题页面 (not a 专题片)
    r"(?:建立|打造)(?=[^。,，;；]{0,16}?(?:公众号|公众平台|微博|网站|专栏|栏目|专区|客户端|小程序|视频号))"  # 建立了…官方微信公众平台
)
# a platform or library newly built, errors on a site corrected, a layout reworked: concrete work on a platform, read
# alike by _PLATFORM_VERB and _MEASURE
_GAZETTE_VERBS = r"(?:编辑|出版|编印|刊印|编审|刊发|编发|印发|发行)"
_BUILT_OR_REWORKED = (
    r"(?<![建假开增新])设(?=专栏|专区|栏目)|新建|新设|建成|修正(?=[^。,，;；]{0,4}?错)|调整(?=[^。,，;；]{0,4}?(?:版面|页面|界面))|"
    r"新增(?=[^。,，;；]{0,24}?(?:专栏|栏目|专题|版块|板块|频道|菜单|入口|模块|选项))|"  # 新增“统计数据”栏目: a column added, like 增设
    r"下设(?=[^。;；]{0,40}?(?:专栏|栏目|版块|板块|频道))|"  # (主页)下设工作动态、通知公告…等栏目: a site's columns set up
    r"(?:保障|确保)(?=[^。,，;；]{0,24}?(?:日常|正常|平稳|安全)?(?:运行|运转))|"  # 保障…公众号日常运行: its upkeep
    # an open day held, though what the sentence counts is what was published about it (持续做好做实“政府开放日活动”,
    # 主动公开活动相关方案和简报114条)
    rf"{_HOLDS}(?=[^。,，;；]{{0,12}}?(?:{_OPEN_DAY_NAME.pattern}))|"
    # an open day the public was invited to (高度重视政务开放日活动,今年9月3日,邀请…市民代表等23人)
    rf"(?:{_OPEN_DAY_NAME.pattern})(?=[^。]{{0,30}}?邀请)"
)
_INFO_MANAGEMENT = re.compile(r"审核发布|发布审核|三审|保密审查|审查机制|审核机制|审核制度|公开属性|信息管理|把控[^,，。]{0,4}?(?:内容|质量)")
_PLATFORM_VERB = re.compile(
    rf"开设|开通(?!知)|{_SET_UP}|增设|设立|{_BUILT_OR_REWORKED}|建设|改造|升级|改版|上线|监测|检测|检查|维护|更新|整合|关停|关闭|注销|"
    r"优化|规范(?!性|发布|公开)|管理(?!动态)|监管|推进|发挥|完善|"
    r"利用|依托|提供|打造|组建|运维|运营|完成|开展|举办|举行|组织|排查|纠正|整改|拓宽|丰富|创新|实现|推送|宣传|投稿|汇总|展示|配合|迁移|接入|对接|自查|巡检|巡查|推动|建立|搭建|开辟|加入|"
    rf"清理{_ON_COLUMNS}|{_MAKES_CORNER}|"
    # the gazette made (编辑出版政府公报12期, 编审刊发《…政府公报》6期, 印发《…公报》; not 统计公报, a statistics release)
    rf"{_GAZETTE_VERBS}(?=[^。,，;；]{{0,12}}?{_GAZETTE})|(?<=公报》)[^。,，;；]{{0,16}}?{_GAZETTE_VERBS}|"
    r"(?:设|放)在|(?<![规确约决指])定在|设于|"  # 把查阅场所设在办事大厅内: where a channel is set up
    r"(?:公布|公开)(?=[^。,，;；、]{0,8}电话)"  # publishing the numbers a hotline answers on (not one of a list)
)
_OVERSIGHT_WORDS: tuple[tuple[re.Pattern[str], WorkKind], ...] = (
    (re.compile(rf"{_TRAINING.pattern}|业务学习会|专题辅导"), "training"),
    (re.compile(r"问责|责任追究|追究[^。]{0,20}责任|追究(?:机制|制度)|督办(?!通知书|专刊)|通报批评|约谈|督促整改|限期整改|通报问题|"
                r"对[^。;；]{0,30}?责任人员?(?:进行|予以|依规|依纪)?(?:处理|处分)"), "accountability"),
    # (风险评估, 审查评估: what is published is weighed, nobody is assessed; 评估答复内容: an answer weighed)
    # (行政检查13件, 执法检查: law enforcement, not oversight of disclosure; 同部署、同检查、同落实: a slogan)
    (re.compile(rf"考核|考评|{_INTO_PERFORMANCE}|(?<!风险)(?<!审查)(?<!立法后)(?<!有效性)(?<!属性)评估(?!论证|答复|申请)|评议|评先评优|测评|督查|督导|督促指导|巡查(?!巡检)|抽查|(?<!行政)(?<!执法)(?<![、,，]同)检查(?!费)|自查|暗访|第三方评|迎检|(?<!纪检)监察(?![局委室部厅处署])"), "assessment"),
)
# page furniture: a point that shows any of it is debris, not work
# (a contact number or post code is furniture when a number follows; 公开…电话、邮政编码等信息 is what was published)
_NOT_WORK = re.compile(
    # (a body may be the site's 承办单位 in a sentence: 中心作为…门户网站承办单位,持续加强网站的技术监测; SITE_FOOTER needs the colon)
    rf"{SITE_FOOTER}|(?:联系电话|邮编|邮政编码)\s*[:：]?\s*\d|上一篇|下一篇|"
    r"^本(?:年度)?报告"  # the report on itself: 本报告将在…门户网站公布
)
# an outcome (全部合规, 运行平稳, 未发生泄密事件): a sentence that says how work turned out is not a measure;
# a point of several sentences keeps the others
_OUTCOME = re.compile(
    r"全部合规|符合[^。]{0,60}(?:要求|标准)|运行(?:平稳|正常)|未(?:发生|出现|收到)|没有发生|均未|(?:没有|无)[^。,，;；]{0,12}的?情形|"
    r"位居|位列|名列|排名第|排在第|保持优秀|获评|荣获|被[^。,，;；]{0,24}?评为|"  # a ranking won in an assessment is how it turned out
    r"未(?:开设|开通|设立|建立)|(?:^|(?<=[,，;；]))(?:本年度|本年|全年|今年)?未(?:开展|进行)|"  # 未开设政务新媒体账号, 本年度未开展社会评议: nothing was done
    r"未(?:因[^。,，;；]{0,12}?)?被(?:责任)?(?:追究|问责)|"  # 我局及相关个人未因政务公开被责任追究: nobody was held to account
    # (not 关停未进行规范管理的政务新媒体2个: a clause inside; 我局2022无政务公开工作考核、社会评议和责任追究结果情况)
    r"^(?:\d{4}\s*年度?[,，])?[^。,，;；]{0,12}?(?:没有|[无無](?!障碍|法))[^。,，;；]{0,30}?的?(?:情况|情況)$|"
    r"(?:如下|下图|下表)[:：]?$|"  # 栏目信息比例展示如下: a chart follows
    r"^[^。,，;；]{0,8}?(?:目前|现)已?经?(?:形成|构建起?|建成)了?[^。]{0,60}?(?:渠道|格局|体系)|"  # 目前已形成门户网站、…等多层次…渠道: how it stands
    r"^(?:截至|截止)[^。]{0,60}?(?:开设|开通)并(?:正常)?运行|"  # 截至2023年12月31日,…开设并正常运行政务新媒体1个: what runs
    r"(?:合格|满意|达标|知晓)率|(?:率|比例)达到?\s*\d|"  # and so is a rate it reached
    r"获[^。,，;；]{0,24}?(?:优秀|先进)(?:单位|等次|集体)?|"  # 获省第三方检查优秀单位: an award won
    # how a platform stands or what it brought, not work on it: 门户网站正在逐步成为…; 新版网站更加突出…; 新的…林业网设置7大板块;
    # 新版网站上线后,公众参与度明显提高; 目前,网站的日平均访问量实现8000人次
    r"^[^。,，;；]{0,24}?(?:正在|已经|已|将)?逐步成为|^新版?的?[^。,，;；]{0,12}?(?:网站|网|客户端)(?:及[^。,，;；]{1,8})?(?:更加|得以|设置|设有)|"
    r"(?:上线|改版|开通|建成)(?:运行)?后[,，][^。]{0,40}?(?:明显|大幅|显著)(?:提高|提升|增强|增加)|"
    r"^(?:目前|现)[,，]?[^。,，;；]{0,12}?(?:访问量|浏览量|关注(?:人数|量)|粉丝|注册(?:会员|用户)|订阅(?:人数|数|量))"
)
# the title of a topic the report answers (利用政府门户网站持续推进…“双公开”的情况): what it is about, no measure
_TOPIC_TITLE = re.compile(r"^\s*[^。;；,，:：]{4,60}(?:的|结果)情况(?:\s*$|(?=[\u4e00-\u9fff]))")
# a line of statistics (新设专题专栏数2个,维护专题专栏数1个): figures, not a measure
_STATISTICS = re.compile(r"(?:[^。,，;；]{2,20}?数\s*(?:为|是|达)?\s*\d+(?:\.\d+)?\s*[个条件项篇家次]?\s*[,，;；、。]?\s*)+")
# a platform named as set up in an earlier year or as it stands after a redesign (通过我局已开通的微信公众号发布,
# 改版后的网站布局更加合理): an attribute, no measure
_SET_UP_BEFORE = re.compile(r"已(?:经)?(?:开通|开设|建立|建成|设立|上线)的|(?:经过)?改版(?:升级)?后的|于\d{4}\s*年[^,，。;；]{0,8}?(?:开通|开设|建立|建成|上线)")
# platforms assessed (开展政府网站与政务新媒体考评工作), or who runs them held to account (…网站留言办理…情况通报,
# …进行了通报批评): oversight, not work on them
_PLATFORMS_ASSESSED = re.compile(r"考评|考核|测评|评议|(?<!风险)评估|通报批评|问责|约谈")
# a division of duties (明确办公室为门户网站的维护部门,负责网站的…改版…): institution building, not work done
_DUTY_ASSIGNED = re.compile(r"为[^,，。;；]{0,16}?(?:部门|科室)[,，]?负责")
# the purpose a sentence opens with, and the goals that go on with it (为…,保障…,): what the measure is for
_PURPOSE_FIRST = re.compile(r"(?:(?:同时|此外|另外)[,，]?)?为了?[^,，。;；]{2,30}[,，](?:(?:保障|确保|保证|提高|提升|促进)[^,，。;；]{2,30}[,，])*")
_PUBLISHED_ITEMS = re.compile(rf"{PUBLISHING_VERBS}|更新|报送|上报|新增")  # (厅门户网站新增信息14129条)
# work done through a channel (依托…网站、…公众号等平台开展; 通过…管理平台开展…系列主题宣传): the channel is used
_WORK_THROUGH = re.compile(r"(?:依托|通过|借助|利用)[^。,，;；]{0,40}?(?:平台|网站|公众号|新媒体|渠道|载体)(?:等(?:平台|渠道|载体|形式))?开展")
_USED_ONLY = frozenset({"依托", "发挥", "利用", "宣传"})  # the verbs of a channel used, not worked on
_INSTITUTION = re.compile(
    r"领导小组|工作小组|协调小组|联络员|工作机构|职责分工|分管领导|专人负责|联席会|"
    # who leads and who checks (由党委统一领导,政府主抓,人大监督,纪检督查协调; 办公室负责汇总…,纪委负责督查): the division of duties
    r"统一领导|负责(?:督查|督促|监督|检查|考核)(?:工作)?(?=[,，。;；]|$)|"
    # a rule made for the platform (制定…网站管理办法,明确…), at the start of the sentence: not work on it
    # (not an assessment system: 制定了社会评议制度)
    r"^(?:制定|制订|出台|印发|修订)(?:了)?[^。,，;；]{0,24}?(?<!评议)(?<!考核)(?<!考评)(?<!问责)(?<!追究)(?:办法|制度|规范|细则|规定)(?![^。,，;；]{0,2}(?:运行|落实))"
)
# what an institution does that is oversight (完善了…领导小组,定期对各部门…开展检查和评估,发现问题及时督促整改)
_OVERSEEN = re.compile(r"培训|考核|问责|(?:开展|进行|组织)[^。,，;；]{0,12}?(?:检查|评估|督查)|督促整改|(?:加强|开展|进行|组织)督促检查")  # (not 完善监督评估机制。…: a title)


# the year summed up as a list of what was strengthened (不断加强政府信息管理、平台建设、制度建设…,完善监督考核机制等,
# 政府信息公开工作有序开展): the areas of the year's work, no measure held
_SUMMED_UP = re.compile(r"等[,，][^。;；]{0,20}?(?:工作)?(?:有序|稳步|扎实|顺利)(?:开展|推进)")


def work_items(text: str, point: Point) -> list[tuple[Point, tuple[str, WorkKind] | None]]:
    """The work items of one point of 一 or 六, each with its label (None: neither platform work nor oversight).

    An enumerated point whose sentences are measures of different kinds (一是加大考核及培训力度。将政务公开纳入考核
    体系。全年举办培训2次。) is one item per measure, its short lead-in left out; a sentence that leads a list and
    names no platform (进一步强化公开平台建设,…) frames the list.
    """
    items = [piece for item in _sentences_of_kinds(text, point) for piece in _clauses_of_kinds(text, *item)]
    if point.opens_section:  # 2025年,…坚持…,规范政府信息公开平台建设,…: the year's work summed up, no measure of its own
        items = _unlabelled(text, items, lambda label, body: _unmeasured_platform(label, body) or (label[0] == "oversight" and bool(_SUMMED_UP.search(body))))
    if point.leads_list:
        # the frame of the list after it: a kind of its own only where it names a measure ((二)加强政府网站和政务新媒体
        # 管理。一是…: a title over the points, not one)
        items = _unlabelled(text, items, lambda label, body: label[1] == "other" or _unmeasured_platform(label, body))
    if all(label is None for _, label in items) and (held := _open_day_held(text, point)):
        items = [(held, ("platform", "open_day"))]  # …发布信息1287条;组织开展“5·15政务公开日”集中宣传活动,…
    elif all(label is None for _, label in items) and (trained := _training_held(text, point)):
        items = [(trained, ("oversight", "training"))]  # 参加…培训班,…,本年度共收到1条依公开申请事项: the training
    return [(_without_lead_tail(text, q), label) for q, label in items]


_Labelled = list[tuple[Point, tuple[str, WorkKind] | None]]


def _unlabelled(text: str, items: _Labelled, drop: Callable[[tuple[str, WorkKind], str], bool]) -> _Labelled:
    """``items`` with the label taken off each whose label and words ``drop`` says are no item."""
    return [(q, None if label is not None and drop(label, text[q.start : q.end]) else label) for q, label in items]


def _unmeasured_platform(label: tuple[str, WorkKind], body: str) -> bool:
    return label[0] == "platform" and not _MEASURE.search(body)


# the clause that leads into a list, at the end of an item (…制定《…考核办法》,…,主要开展了以下几个方面的工作:)
_LEAD_TAIL = re.compile(rf"[,，;；][^,，;；。]*?(?:{LIST_AHEAD})[^,，;；。]*[:：]?\s*$")


def _without_lead_tail(text: str, point: Point) -> Point:
    """The item without the clause that leads into the list after it: a lead-in is no part of a measure."""
    m = _LEAD_TAIL.search(text, point.start, point.end)
    return replace(point, end=m.start()) if m and m.start() - point.start >= 8 else point


def _training_held(text: str, point: Point) -> Point | None:
    """A training held or attended, told in a clause of a point that is no item as a whole (2021年11月12日,参加…
    培训班,严格执行…标准,…共收到1条依公开申请事项): that clause, when it is a training on its own."""
    for s, e in sentences(text, point.start, point.end, ",，；;。"):
        if _TRAINING_ACT.search(text, s, e) and sentence_work_label(text[s:e], point.section) == ("oversight", "training"):
            return Point(s, e, point.section, point.part, True)
    return None


_OPEN_DAY_HELD = re.compile(
    rf"{_HOLDS}[^。;；]{{0,20}}?(?:{_OPEN_DAY_NAME.pattern})(?!常(?!态))"
    rf"|(?:参与|参加)[^。;；]{{0,20}}?(?:{_OPEN_DAY_NAME.pattern})[^。;；,，]{{0,3}}?活动"  # (not 参加…政务公开日“局长访谈”)
)


def _open_day_held(text: str, point: Point) -> Point | None:
    """An open day held, told in a point that is no item as a whole (what was published, and then the open day):
    its semicolon piece, or in a sentence without semicolons its clause."""
    held = _OPEN_DAY_HELD.search(text, point.start, point.end)
    if held is None:
        return None
    pieces = sentences(text, point.start, point.end, "；;。!?！？")
    if len(pieces) < 2:
        pieces = sentences(text, point.start, point.end, ",，")
    s, e = next(((s, e) for s, e in pieces if s <= held.start() < e), held.span())
    return Point(s, e, point.section, point.part, True)


def _sentences_of_kinds(text: str, point: Point) -> list[tuple[Point, tuple[str, WorkKind] | None]]:
    """The point as one labelled item, or its sentences when they are measures of different kinds (each
    sentence is labelled once: the labels that decide the split are the items' labels)."""

    def whole() -> list[tuple[Point, tuple[str, WorkKind] | None]]:
        return [(point, work_label(flat(text[point.start : point.end]), point.section))]

    if not point.enumerated:
        return whole()
    spans = sentences(text, point.start, point.end, "。!?！？")
    if len(spans) >= 2 and _is_lead(text[spans[0][0] : spans[0][1]]):
        spans = spans[1:]  # the lead-in names the measures that follow; split, it is none of them
    if len(spans) < 2:
        return whole()
    labelled = [(s, e, label) for s, e in spans if (label := work_label(flat(text[s:e]), point.section))]
    if len(labelled) == 1:
        as_whole = whole()
        s, e, label = labelled[0]
        if as_whole[0][1] not in (None, label) or (as_whole[0][1] is None and label[0] == "oversight"):
            # (one sentence of a point that reads as none is oversight held: 参加区行政审批局组织召开的业务培训)
            # one sentence of the point is a measure, and the point as a whole reads as another kind: the measure
            # (完善规章制度…。严格执行信息发布审查制度…。每月对网站保障栏目进行自查…: website work, not assessment)
            return [(Point(s, e, point.section, point.part, True), label)]
        return as_whole
    if len({label for _, _, label in labelled}) < 2:
        return whole()
    return [(Point(s, e, point.section, point.part, True), label) for s, e, label in labelled]


def _clauses_of_kinds(
    text: str, point: Point, label: tuple[str, WorkKind] | None
) -> list[tuple[Point, tuple[str, WorkKind] | None]]:
    """One sentence that joins measures of different kinds at a semicolon (优化平台,合并栏目3个;加强新媒体监督检查,
    注销新媒体5个) as one item per measure; a piece that names no measure stays with the one before it."""
    pieces = sentences(text, point.start, point.end, "；;")
    if label is None:
        # a sentence that reports what went out, one piece of it a measure on a platform (…;通过政务新媒体公开信息1800余条;
        # 出版《政府公报》3期,公开信息96条): the measure
        texts = [(a, b, flat(text[a:b])) for a, b in pieces] if len(pieces) >= 2 else []
        measures: list[tuple[Point, tuple[str, WorkKind] | None]] = [
            (Point(a, b, point.section, point.part, True), lab) for a, b, piece in texts
            if _MEASURE.search(piece) and (lab := work_label(piece, point.section)) and lab[0] == "platform"
        ]
        return measures or [(point, label)]
    if len(pieces) < 2 and label is not None and (split := _training_beside_platform(text, point) or _kinds_of_oversight(text, point, label)):
        return split
    labels = [work_label(flat(text[s:e]), point.section) for s, e in pieces]
    named = [(piece, lab) for piece, lab in zip(pieces, labels, strict=True) if lab is not None]
    if len(pieces) >= 2 and len(named) == 1 and named[0][1] != label:
        # one piece is a measure and the sentence as a whole reads as another kind (…依托门户网站发布信息1287条;组织开展
        # “5·15政务公开日”集中宣传活动…: the open day, not the website): the measure
        (s, e), measure = named[0]
        return [(Point(s, e, point.section, point.part, True), measure)]
    if len({lab for lab in labels if lab is not None}) < 2:
        return [(point, label)]
    out: list[tuple[Point, tuple[str, WorkKind] | None]] = []
    for (s, e), lab in zip(pieces, labels, strict=True):
        if out and (lab is None or (lab == ("platform", "other") and out[-1][1] is not None and out[-1][1][0] == "platform")):
            # an elaboration of the measure before it (…合并栏目4个；加强日常监测，对发现问题及时整改)
            out[-1] = (Point(out[-1][0].start, e, point.section, point.part, True), out[-1][1])
        elif lab is not None:
            out.append((Point(s, e, point.section, point.part, True), lab))
    return out


def _kinds_of_oversight(
    text: str, point: Point, label: tuple[str, WorkKind]
) -> list[tuple[Point, tuple[str, WorkKind] | None]] | None:
    """One sentence of oversight whose clauses name different kinds (…纳入绩效考评方案中,严格实行目标考核,实施责任追究):
    one item per kind, each with the clauses before it that name none."""
    if label[0] != "oversight":
        return None
    clauses = sentences(text, point.start, point.end, ",，")
    # (where the problems acted on were found names no kind of its own: 针对第三方评估中发现的问题,…严肃责任追究)
    labels = [None if _FOUND_IN.search(flat(text[s:e])) else work_label(flat(text[s:e]), point.section) for s, e in clauses]
    kinds = [lab if lab is not None and lab[0] == "oversight" else None for lab in labels]
    if len({k for k in kinds if k is not None}) < 2:
        return None
    out: list[tuple[Point, tuple[str, WorkKind] | None]] = []
    start = point.start
    for (_, e), kind in zip(clauses, kinds, strict=True):
        if kind is None:
            continue
        if out and kind == out[-1][1]:
            out[-1] = (Point(out[-1][0].start, e, point.section, point.part, True), kind)
        else:
            lead = re.match(rf"{LEADING_CONJUNCTION}[,，]?", text[start:e])  # (并有针对性地召开培训会: the clause, not its conjunction)
            out.append((Point(start + (lead.end() if lead else 0), e, point.section, point.part, True), kind))
        start = next((a for a, _ in clauses if a > e), e)
    return out


def _training_beside_platform(text: str, point: Point) -> list[tuple[Point, tuple[str, WorkKind] | None]] | None:
    """One sentence that joins a training held and a concrete measure on a platform at a comma (积极参加区政府组织的业务
    培训,党政办公室落实专人维护门户网站…): the training and the platform work, each with the clauses after it that name
    no other; None when the sentence is not such."""
    clauses = sentences(text, point.start, point.end, ",，")
    texts = [flat(text[s:e]) for s, e in clauses]
    labels: list[tuple[str, WorkKind] | None] = []
    for clause in texts:
        measure = _MEASURE.search(clause) is not None
        label = work_label(clause, point.section)
        if _TRAINING_ACT.search(clause) and not measure:  # (not a training named in a list of topics: 技能提升培训、…)
            labels.append(("oversight", "training"))
        else:
            labels.append(label if label is not None and label[0] == "platform" and measure else None)
    if {lab[0] for lab in labels if lab is not None} != {"oversight", "platform"}:
        return None
    out: list[tuple[Point, tuple[str, WorkKind] | None]] = []
    for (s, e), lab in zip(clauses, labels, strict=True):
        if out and (lab is None or lab == out[-1][1]):
            out[-1] = (Point(out[-1][0].start, e, point.section, point.part, True), out[-1][1])
        elif lab is not None:
            out.append((Point(s if out else point.start, e, point.section, point.part, True), lab))
    return out


def _is_lead(sentence: str) -> bool:
    return len(sentence) <= 16 and not any(ch.isdigit() for ch in sentence)


def work_label(text: str, section: str) -> tuple[str, WorkKind] | None:
    """:func:`sentence_work_label`, and for a sentence that also reports how much was published, the
    label of its clauses before the count (``加强网站栏目管理,明确专人维护,全年通过网站发布信息N条``)."""
    label = sentence_work_label(text, section)
    if label is None and _counts_published_items(_TITLE.sub("", text)):
        head = measure_clauses(text)
        # only a concrete measure (开设, 维护…): 依托网站…公开信息N条 and 加强新媒体建设,发布信息N条 report publishing
        if head and head != text and _MEASURE.search(head):
            return sentence_work_label(head, section)
    return label


def measure_clauses(text: str) -> str:
    """The clauses of a sentence that do not count published items (加强网站栏目管理,明确专人维护 | 全年通过网站
    发布信息N条 | 开设专栏公开失信信息): what it says was done besides publishing."""
    clauses = re.split(r"(?<=[,，;；])", text)
    return "".join(c for c in clauses if not _FIGURE_OF_ITEMS.search(c)).rstrip(",，;；")


# requirements laid down about some matters (a rule or plan): what it names is not done by it
_REQUIRED_ABOUT = re.compile(
    r"(?:对|在)[^。;；]{0,60}?等?方面(?:都)?(?:作出|做出|提出)了?(?:明确|具体|严格)?的?(?:要求|规定)"
    # what the rules made say (进一步明确…保密审查、…责任追究等工作的责任要求和制度规范; 明确…主题、流程、规范、责任追究等实际操作标准)
    r"|明确[^。;；,，]{0,80}?等(?:工作)?的?[^。;；,，]{0,8}?(?:要求|规范|标准)"
)


# a short title that names a platform and what is done to it, ending in 。 before the point's body
# (a title run on with a comma names a concrete platform, not a bare 平台: 加强政府网站建设,明确…专人负责,落实网站栏目…)
_WORKED_ON = r"(?:的)?(?:(?:建设|管理|运维|监管|维护)(?:[与和及、](?:建设|管理|运维|监管|维护))?)?"  # (加强微博建设与管理。)
_PLATFORM_TITLE = re.compile(
    r"^(?:进一步|持续|切实|全面)?(?:加强|强化|管好用好|用好|管好|保障|监管|规范|优化|完善|推进|做好)[^。,，;；:：]{0,8}?"
    rf"(?:(?:网站|门户|新媒体|公众号|微博|专栏|栏目){_WORKED_ON}[。,，]|平台{_WORKED_ON}。)(?=.{{8,}})"
)


# what a measure made people see (深刻认识政府信息公开、政府网站及政务新媒体建设工作的严肃性和必要性): its purpose, no work
_UNDERSTOOD = re.compile(r"(?:深刻|充分|进一步|切实)?(?:认识|意识|领会)到?[^。;；]{0,60}?(?:重要性|必要性|严肃性|紧迫性|重要意义)")


# a title of what is reported, run into its paragraph (政府信息公开考核评议、督促整改、责任追究情况。2022年,我局暂无…):
# one clause naming the topics, no work
_WHAT_IS_REPORTED = re.compile(rf"{TOPIC_TITLE}[。:：]?")
_DONE = re.compile(r"开展|组织|进行|举办|参加|召开|完成|实施|落实")


def _reported_topics(body: str) -> bool:
    """The point is only the title of what is reported: one clause ending in 情况, naming no measure and nothing held."""
    return bool(_WHAT_IS_REPORTED.fullmatch(body.strip())) and not _MEASURE.search(body) and not _DONE.search(body)


def sentence_work_label(text: str, section: str) -> tuple[str, WorkKind] | None:
    """Whether a point of 一 or 六 is platform work or oversight, and its kind; None when it is neither.

    Titles of documents (《…》) and quoted names do not count as what the point does.
    """
    text = _NOT_A_DAY.sub("", text)  # 政务公开日常工作, 数据开放日益规范: no open day
    body = _TITLE.sub("", text)
    body = _TOPIC_TITLE.sub("", body, count=1)  # (a title run into its paragraph: …“双公开”的情况通过区政府网站…)
    body = _REQUIRED_ABOUT.sub("", body)  # 对…保密审查、监督考核等方面做出了明确要求: a rule about checks, not a check
    body = _SET_UP_BEFORE.sub("", body)  # 通过我局已开通的微信公众号发布信息: the account used, opened in an earlier year
    body = _DUTIES.sub("", body)  # 具体负责政府信息公开网站内容维护、组织协调等日常工作: a duty given, not work done
    body = _UNDERSTOOD.sub("", body)  # 深刻认识…政府网站及政务新媒体建设工作的严肃性: what a training taught, not work on a site
    body = _NO_PLATFORM.sub("", body)  # 无部门网站、微信公众号,现通过…网站平台发布: a platform the body has not, not worked on
    if not body.strip() or _NOT_WORK.search(body) or _DUTY_ASSIGNED.search(body) or _reported_topics(body):
        return None
    if (title := _PLATFORM_TITLE.match(body)) and not (title.group().endswith((",", "，")) and _counts_published_items(body)):
        # 保障政府网站。严格落实…制度,全面加强网站监管…; 加强政府网站建设。切实履行…监管责任,明确…责任人: a point titled by
        # the platform it works on is platform work, whatever its body holds (duties, rules); its kind is the title's,
        # or where the title names a platform by a quoted name (用好“两微”平台。), the body's
        title_kind = platform_kind(title.group())
        return "platform", title_kind if title_kind != "other" else platform_kind(text)
    if (purpose := _PURPOSE_FIRST.match(body)) and purpose.end() < len(body):
        body = body[purpose.end() :]  # 为有效获取信息资源,保障门户网站信息更新及时,我委制定考核办法: what is done, not what for
    kept = "".join(sentence for sentence in re.split(r"(?<=[。;；])", body) if not _OUTCOME.search(sentence))
    if kept != body and len(kept) <= 16:
        return None  # an outcome and at most its lead-in (责任追究结果情况。全年未发生…)
    body = _TOPIC_LEAD.sub("", kept)  # 公开平台建设情况。…: a topic title is no measure
    measured = _MEASURE.search(_CHANNEL_PHRASE.sub("", body)) is not None  # a concrete measure on a channel (开设, 改版, 维护…)
    if _INSTITUTION.search(body) and not measured and not _OVERSEEN.search(body):
        return None  # who is responsible (领导小组, 专人负责): institution building, not work on a platform
    # the platforms named beside a measure: not those a channel phrase or a plain content update names
    # (不断丰富政府门户网站信息), but those of an update that maintains them (定时更新维护…各个栏目内容)
    nouns = _CONTENT_UPDATE.sub(_unless_measure, _CHANNEL_PHRASE.sub("", body))
    # (the topics of the policies explained or published: 对残疾人无障碍改造、…等政策进行解读 names no platform)
    nouns = _without_clauses(nouns, lambda c: _POLICY_TOPICS.search(c) is not None)
    platform = bool(_PLATFORM_NOUN.search(nouns) or _OPEN_DAY_NAME.search(text))  # (also under a quoted name)
    if not platform and measured and "公开专区" in nouns:
        platform = True  # 设立/维护政务公开专区; not a bare 完善政务公开专区
    venue = _VENUE_SET_UP.search(nouns) is not None
    if not platform and section.endswith("platforms") and (_MEDIA_NOUN.search(nouns) or "平台" in nouns or (measured and not _oversight_kinds(body))):
        platform = True  # (inside 平台建设, a bare 平台 is the body's disclosure platform: 负责平台日常运维)
    platform = platform or venue
    managed = _INFO_MANAGEMENT.search(body) or _INFO_MANAGEMENT.search(text)  # “三审三校” is quoted, yet meant
    if platform and _counts_published_items(body):
        platform = False
    if platform and _STATISTICS.fullmatch(body.strip()):
        platform = False  # 新设专题专栏数2个,维护专题专栏数1个: figures (举办政务公开培训数2次 stays a training)
    if platform and not measured and _PLATFORMS_ASSESSED.search(body):
        platform = False  # 开展政府网站与政务新媒体考评工作: the platforms assessed, oversight
    # without a concrete measure, the platform is not what the point works on: information management, an old
    # report's 主动公开 section (what went out through which channels), a training about it (参加新媒体培训)
    if platform and not measured and (managed or section == "proactive_table" or _training_on_platform(nouns)):
        platform = False
    if platform and not measured and _INSTITUTION.search(body) and _TRAINING_ACT.search(body):
        platform = False  # 配置专人负责相关栏目公开事项,定期开展专题培训: staff for the columns, and their training
    worked = {m.group() for m in _PLATFORM_VERB.finditer(_CONTENT_UPDATE.sub(_unless_measure, _WORK_THROUGH.sub("", _PURPOSE_AFTER.sub("", body))))}
    if platform and not measured and worked <= _USED_ONLY:
        platform = False  # 依托区门户网站, 充分发挥…网站作用: a channel used, no work on it (rule 7)
    if platform and worked:
        # the kind of what is worked on, not of a channel only used (在充分利用门户网站等载体的基础上,…做好…公众号)
        titled = _BOOK_TITLE.sub("", text)
        worked_on = _CHANNEL_PHRASE.sub("", titled)
        kind = platform_kind(worked_on if _PLATFORM_NOUN.search(worked_on) else titled)
        if kind != "other" or section.endswith("platforms") or venue:
            return "platform", kind
        # outside 平台建设 only the named kinds of platform work are items; the point may still be oversight
        # (…平台由…专门负责运维保障,并结合实际工作开展情况组织培训)
    if _INSTITUTION.search(body) and not _OVERSEEN.search(body):
        return None
    if _PUBLISHED_ITEMS.search(body) and re.search(r"\d\s*(?:余|多)?\s*[条篇]", body):
        return None  # 主动公开信息579条,其中…督查类信息9条: what was published, not an inspection
    if _ENFORCEMENT_CHECKS.search(text):
        return None  # (the inspections are of firms: 涉及县直执法检查部门22家,…检查企业77家)
    # an instrument of oversight the body made (制定了《…考评办法》) names what it does, though it is a title
    acts = _BREAKDOWN.sub("", _AUTHORITY.sub("", _SUPERVISED.sub("", _WAYS_LISTED.sub("", body))))  # (its duties are gone: see above)
    acts = _PROCEDURE_STEPS.sub("", _SECRECY_CHECKED.sub("", _ITEMS_OF_A_KIND.sub("", _RESULTS_PUBLISHED.sub("", acts)))) + "".join(_OVERSIGHT_INSTRUMENT.findall(text))
    # where the problems acted on were found is not what is done about them, unless nothing else is said
    found = _oversight_kinds(_FOUND_IN.sub("", acts)) or _oversight_kinds(acts)
    if not found:
        return None
    if any(kind == "training" for _, kind in found):
        return "oversight", "training"
    return "oversight", min(found)[1]  # 完善考核、社会评议及责任追究制度: the kind named first


def _oversight_kinds(acts: str) -> list[tuple[int, WorkKind]]:
    """Where each kind of oversight is first named in ``acts`` (training: not as a topic of what was published)."""
    return [
        (m.start(), kind)
        for pattern, kind in _OVERSIGHT_WORDS
        if (m := pattern.search(_published_lists(acts) if kind == "training" else _topic_lists(acts)))
    ]


# the random inspections of market regulation (落实“双随机、一公开”跨部门联合抽查任务): enforcement on firms, not
# oversight of disclosure
_ENFORCEMENT_CHECKS = re.compile(r"双随机|雙隨機")
# the results of checks published, what was published (及时公开校园食品安全开展专项检查情况, 公示抽查结果)
_RESULTS_PUBLISHED = re.compile(
    r"(?:公开|公示|发布)[^。,，;；]{0,24}?(?:检查|督查|抽查|考核|评估)[^。,，;；]{0,4}?(?:情况|结果)(?:[和及、][^。,，;；和及、]{0,10}?(?:情况|结果))*"
)
_OVERSIGHT_INSTRUMENT = re.compile(
    # (one of several titles made at once: 完善了《…保密审查办法》《…过错责任追究办法》…)
    r"(?<=制定|制订|制发|出台|印发|下发|修订|完善|建立)[了的]?(?:《[^》]{0,40}》[、和及]?){0,4}"
    r"《[^》]{0,40}?(?:考核|考评|评议|督查|问责|责任追究)[^》]{0,10}?(?:办法|制度|细则|方案|规定|指标)(?:[(（][^)）》]{1,4}[)）])?(?:的通知)?》"
)
# (the topics of a training may be listed before it: 组织了3次涵盖政策解读、新媒体应用…的专业培训)
_TRAINING_ACT = re.compile(r"(?:参加|参与|开展|组织|举办|举行|接受|召开|进行)[^。,，;；]{0,40}?培训")


def _unless_measure(m: re.Match[str]) -> str:
    return m.group() if _MEASURE.search(m.group()) else ""


# what was published, listed with commas up to 等…信息 (主要公开了事业单位公开招聘公告,…,技能提升培训补贴,行政许可公示以及…等一批…政府信息)
_PUBLISHED_RUN = re.compile(rf"(?:{PUBLISHING_VERBS})了?[^。;；]{{0,120}}?等[^。;；,，、]{{0,14}}?(?:信息|内容|事项)")


def _published_lists(body: str) -> str:
    """``body`` without the clauses that list what was published (及时公开社会保险、职业技能培训、招聘活动等信息)
    or the topics work was about (围绕完善载体、学习培训等内容): a training named there is not a training held."""
    body = _PUBLISHED_RUN.sub(lambda m: "" if not _TRAINING_ACT.search(m.group()) else m.group(), body)
    return _without_clauses(body, lambda c: bool((_PUBLISHED_ITEMS.search(c) or _TOPICS.search(c)) and not _TRAINING_ACT.search(c)))


def _topic_lists(body: str) -> str:
    """``body`` without the clauses that end in the topics of what was made (主要涉及…流程优化、…考核办法等方面);
    not …等方面的常态化督查, the topics of an inspection held."""
    return _without_clauses(body, lambda c: _TOPICS_AT_END.search(c) or _PUBLISHED_TOPICS.search(c) or _TOPICS_NAMED.search(c))


def _without_clauses(body: str, listed: Callable[[str], object]) -> str:
    """``body`` without its clauses that list with 、 and that ``listed`` says are such a list; a clause that goes on
    with 以及 after one left out goes on with its list (…公开低保金、…等发放数据,以及农村劳动力转移就业、技能培训等惠民信息)."""
    kept: list[str] = []
    dropped = False
    for c in re.split(r"(?<=[,，;；。])", body):
        dropped = "、" in c and (bool(listed(c)) or (dropped and c.startswith("以及")))
        if not dropped:
            kept.append(c)
    return "".join(kept)


# the categories of a count's breakdown (其中人民网5件、政府督查件20件、…; 其中行政处罚7项、行政检查4项): what was
# counted, not what was done
_BREAKDOWN = re.compile(r"其中(?:[^,，、。;；\d]{1,12}\d+(?:\.\d+)?\s*(?:余|多)?\s*[件项条篇]\s*[、,，]?\s*){2,}")
# published items of a kind, counted (业绩考核信息21条, 督查类信息9条): what went out, not a check held
_ITEMS_OF_A_KIND = re.compile(r"[^,，。;；、]{0,12}?(?:类)?(?:信息|结果)\s*\d+(?:\.\d+)?\s*(?:余|多)?\s*[条件篇项]")
# secrets looked for in what is published (加强对涉密信息的检查, 保密检查): information management (labeling rule 7)
_SECRECY_CHECKED = re.compile(r"(?:涉密|保密|泄密)[^,，。;；、]{0,6}?(?:检查|审查)")
# the steps of a procedure (规范依申请公开信件受理-转办-督办-审核-合法性审查-签发-邮寄办理流程): a 督办 or 审查 among them is
# a step of handling, not oversight held
_PROCEDURE_STEPS = re.compile(r"[^。,，;；]{0,20}?(?:[-—－→][^。,，;；\-—－→]{1,8}){2,}?[^。,，;；]{0,8}?(?:流程|程序|环节)")
# where the problems acted on were found (针对第三方评估中发现的问题,…严肃责任追究)
_FOUND_IN = re.compile(r"针对[^,，。;；]{0,24}?(?:发现|存在)的问题")
_LISTED_TOPICS = r"等(?:内容|方面|领域)"
_TOPICS = re.compile(rf"^(?:围绕|聚焦|紧扣|结合)|{_LISTED_TOPICS}")
# (对领导职务、考察任免、群众评议实绩等信息进行公示: what was published, though 评议 is named)
# (…督导评估认定工作开展情况、…等应公示信息都已经依法公开)
_PUBLISHED_TOPICS = re.compile(r"等[^,，。;；、]{0,4}?(?:信息|内容|事项)(?:进行|予以|都已经?|均已|已经?)?(?:依法|全部|及时)?了?(?:公示|公开|发布)")
_POLICY_TOPICS = re.compile(r"等(?:政策|文件)(?:进行|予以)?了?(?:解读|公开|发布)")
_TOPICS_AT_END = re.compile(rf"{_LISTED_TOPICS}\W*$")
# the topics a text covers or a body's work spans (公示内容主要涉及…生态环境保护督查…等; 做好从组织领导、…监督检查等…各项工作)
_TOPICS_NAMED = re.compile(r"内容(?:主要)?(?:涉及|包括|涵盖|包含)|等[^,，。;；]{0,12}?各(?:项|个方面的?)工作(?!制度|机制)")
# on what authority (严格按照考核要求更新…): the assessment named there is not one held
# being supervised and assessed by others (接受人民群众的社会监督及评议, 接受上级部门的指导和督促, 听取群众评议监督意见): nothing
# the body does
_SUPERVISED = re.compile(
    r"(?:接受|收集|听取|征求)[^。,，;；]{0,16}?(?:监督|评议|督促|检查)[^。,，;；]{0,8}"
    r"|(?:让|使|便于|方便)(?:人民)?(?:群众|公众|社会|市民)[^。;；]{0,30}?(?:监督|评议)"  # (…发布各类资讯,让人民群众…了解公安工作,评议公安工作: the public's say)
)
_AUTHORITY = re.compile(AUTHORITY)
# the ways a summary lists (通过建章立制、完善载体、调研督查、开展培训等方式,努力保障…): how the year went, no measure
_WAYS_LISTED = re.compile(r"通过[^。;；,，]{0,40}?[、和及][^。;；,，]{0,20}?等(?:方式|措施|形式|手段|途径|举措|渠道|载体)")
# the duties an office is given (全面负责对全区政务公开工作的指导、组织、协调、检查、考核等工作): who would check, not a check held
_DUTIES = re.compile(
    r"负责(?!人)[^。,，;；]{0,40}?[、和及][^。,，;；]{0,20}?等(?:日常)?(?:工作|职责|事项)"
    r"|主要负责[^。,，;；]{0,40}?(?:工作|职责|事项)"  # (办公室主要负责综合协调、检查督查信息公开工作: its duty, not a check)
)


def _training_on_platform(nouns: str) -> bool:
    """The first clause that names a platform names it as the topic of a training (参加线上新媒体培训的会议,
    为新媒体推进工作打下基础)."""
    first = next((c for c in re.split(r"[,，;；。]", nouns) if _PLATFORM_NOUN.search(c)), "")
    return bool(_TRAINING_ACT.search(first))


_TOPIC_LEAD = re.compile(r"^[^。,，;；]{2,16}(?:情况[。:：]|方面[,，:：])")  # 公开平台建设情况。…, 平台建设方面,…
_MEASURE = re.compile(rf"^(?:全年|本年度|年内)?(?:共|累计)?{_GAZETTE_VERBS}(?=[^。,，;；]{{0,14}}?{_GAZETTE})|(?<=公报》)[^。,，;；]{{0,16}}?{_GAZETTE_VERBS}|开设|开通(?!知)|增设|设立|{_BUILT_OR_REWORKED}|(?:优化|清理){_ON_COLUMNS}|(?:优化|完善)(?=[^。,，;；]{{0,20}}?(?:平台|网站|库”?)(?:[,，、]|$))|{_SET_UP}|{_MAKES_CORNER}|改造|升级|改版|上线|监测|检测|巡查|排查|核查|巡检|自查|修复|整合|关停|关闭|注销|集约|适老|无障碍|迁移|维护|运营|运维")
# the more specific kinds first; among the rest, the one named first in the point
_SPECIFIC_KINDS: tuple[tuple[str, WorkKind], ...] = (
    ("(?:政务|政府|信息)公开(?:主题)?日", "open_day"), ("开放日", "open_day"), ("开放周", "open_day"), ("开放月", "open_day"), (_GAZETTE, "gazette"), ("适老", "accessibility"),
    ("无障碍", "accessibility"), ("改版", "redesign"), ("网站群", "intensive"), ("集约(?!化?(?:平台|管理的基础))", "intensive"), ("OA", "system"),
    # the system an application is filed on (依申请公开系统, 依申请公开平台), not a list of platforms (依申请公开等平台)
    (rf"依申请公开[^。,，;；、等]{{0,4}}?(?:系统|平台)|{_APPLICATION_PLATFORM}", "system"),
)


def platform_kind(text: str) -> WorkKind:
    """The kind of platform work a point's words name (``other``: none of the named kinds)."""
    text = _ADMIN_SYSTEM.sub("", text)  # 政府系统政务新媒体: the government as a whole, not an online system
    head = re.split(r"[。;；]", text, maxsplit=1)[0]
    # the clause that names a concrete measure (用好门户网站,加强微信公众号功能拓展升级: the account)
    measured = next((c for c in re.split(r"[。;；,，]", text) if _MEASURE.search(c)), "")
    # a specific kind is named by what was done, not by what for (为推动政府网站集约化建设,开设了…子网页: website work)
    purpose = _PURPOSE_FIRST.match(text)
    done = text[purpose.end() :] if purpose and purpose.end() < len(text) else text
    for scope, done_in_scope in ((head, re.split(r"[。;；]", done, maxsplit=1)[0]), (measured, measured), (text, done)):
        for word, kind in _SPECIFIC_KINDS:
            if re.search(word, done_in_scope):
                return kind
        hits = [(scope.find(word), kind) for word, kind in GENERAL_KIND_WORDS if word in scope]
        if hits:
            return min(hits)[1]
    return "other"


_ADMIN_SYSTEM = re.compile(r"(?:政府|全[市县区省国]|本|各|行业|系统内)系统")
_FIGURE_OF_ITEMS = re.compile(r"\d+(?:\.\d+)?\s*(?:万|千)?\s*(?:余|多)?\s*(?:条|篇|期|件|份|次|个视频|场)")


def _counts_published_items(body: str) -> bool:
    """A sentence that reports how much was published (全年通过官方微博发布信息275余条), not platform work."""
    figures = _FIGURE_OF_ITEMS.findall(body)
    if not figures or not _PUBLISHED_ITEMS.search(body):
        return False
    return _MEASURE.search(body) is None
