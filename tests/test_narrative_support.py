"""The support check: a model string ships only when the text it cites says it."""

from __future__ import annotations

from extractor.narrative.support import (
    ExampleGuard,
    best_sources,
    check_channel,
    check_kind,
    check_words,
    invented_numbers,
)

QUOTE = "政务公开工作人员以兼职为主,有时存在信息更新上不够及时"


def test_a_shortening_in_the_quotes_words_is_supported() -> None:
    verdict = check_words("工作人员以兼职为主，信息更新不够及时", QUOTE)
    assert verdict.ok and verdict.score > 0.6


def test_words_the_quote_does_not_have_are_not() -> None:
    assert check_words("培训力度不够，形式有待丰富", QUOTE).reason == "unsupported_words"
    assert check_words("", QUOTE).reason == "empty"


def test_a_number_the_quote_does_not_print_is_invented() -> None:
    assert check_words("工作人员仅3人，信息更新不够及时", QUOTE).reason == "invented_number"
    assert invented_numbers("发布信息1.2万余条", "发布信息4250条") == ["1.2"]


def test_a_paraphrase_its_neighbour_says_better_is_a_shifted_label() -> None:
    own = "政府信息公开方式有待丰富,以照片文字为主"
    neighbour = "政府信息公开方式单一,以照片文字为主,音频使用少"
    verdict = check_words("政府信息公开方式单一以照片文字为主", own, neighbours=[neighbour])
    assert verdict.reason == "matches_neighbour"


def test_too_long() -> None:
    assert check_words(QUOTE, QUOTE, max_chars=10).reason == "too_long"


def test_example_text_is_a_leak_unless_the_source_says_it() -> None:
    guard = ExampleGuard(['输出：{"A": "查档窗口开放时间较短，预约渠道较少"}', "示例：\n档案馆查档窗口开放时间较短。"])
    assert guard.leak("查档窗口开放时间较短，预约渠道较少", QUOTE) is not None
    assert guard.leak("查档窗口开放时间较短", "本馆查档窗口开放时间较短，将延长") is None  # the source says it too
    assert guard.leak("信息更新不够及时", QUOTE) is None


def test_channels_and_kinds_must_be_named() -> None:
    assert check_channel("微信公众号", ["微信公众号"]).ok
    assert check_channel("门户网站", ["微信公众号"]).reason == "unsupported_channel"
    assert check_channel("门户网站、微博", ["门户网站", "微博"]).ok
    assert check_kind("new_media", "关停未规范管理的政务新媒体2个", platforms_part=False).ok
    assert check_kind("gazette", "加强网站常态化检测", platforms_part=False).reason == "unsupported_kind"
    assert check_kind("other", "向报社投稿", platforms_part=False).reason == "unsupported_kind"
    assert check_kind("other", "向报社投稿", platforms_part=True).ok


def test_best_sources_cover_a_summary_sentence() -> None:
    candidates = [(0, 10, "全年主动公开政府信息129条"), (20, 30, "开设惠企政策专栏"), (40, 50, "组织培训2次")]
    assert [c[0] for c in best_sources("主动公开政府信息129条，开设惠企政策专栏", candidates)] == [0, 20]
