"""Regression: the digest of a web-page report (the corpus's 浑南区国资局 2022, read as an analyst would) said
"其他事项：2022年，区政府国资局未收取信息处理费。更多精彩内容欢迎扫描下方二维码关注浑南区。": the page's call to
scan its QR code, printed after the report's last line, was a sentence of section 六 the model could cite; the 大同
seed's ended with its signature, date, 扫一扫在手机上查看当前页面 and then the site's 晋公网安备…号. What the page prints
around a report (items.PAGE_FURNITURE, and a signature with its date) is neither read nor citable by a summary now."""

from __future__ import annotations

from extractor.llm.openai_client import LLMClient
from extractor.llm.prompts import load_prompt
from extractor.llm.settings import ProviderSettings
from extractor.load import load_text
from extractor.narrative.extract import NarrativeExtractor
from extractor.narrative.items import page_furniture
from extractor.report import extract_document

try:
    from tests.fake_openai_server import FakeOpenAIServer, fake_llm, summary_responder
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from fake_openai_server import FakeOpenAIServer, fake_llm, summary_responder  # type: ignore[no-redef]

__all__ = ["fake_llm"]

SOURCE = (
    "一、总体情况\n2022年度区政府国资局通过区政府门户网站政务公开专栏主动公开政府信息4条。\n"
    "六、其他需要报告的事项\n2022年,区政府国资局未收取信息处理费。\n本年度区政府国资局未发生因政府信息公开工作引起的投诉举报和责任追究情况。\n更多精彩内容欢迎扫描下方二维码关注浑南区!\n"
)
FOOTER = "更多精彩内容欢迎扫描下方二维码关注浑南区。"


def test_the_page_around_a_report_is_no_summary(fake_llm: FakeOpenAIServer) -> None:
    read: list[str] = []
    fake_llm.responder = summary_responder("2022年，区政府国资局未收取信息处理费。", FOOTER, section="其他需要报告的事项", seen=read)
    client = LLMClient(ProviderSettings(base_url=fake_llm.base_url, model="qwen2.5-7b-instruct"))
    n = extract_document(load_text(SOURCE), NarrativeExtractor(load_prompt("narrative@v2"), client, decides={"summaries"})).narrative
    assert n is not None
    assert [s.text for s in n.summaries if s.section == "other"] == ["2022年，区政府国资局未收取信息处理费。"]
    assert any(d.text == FOOTER for d in n.dropped)  # counted, not shipped
    assert not any("二维码" in r for r in read)  # the model is not shown it either


def test_what_pages_print_around_a_report() -> None:
    # (the 大同 seed's digest ended 其他事项：…未收取政府信息处理费。大同市人民政府办公室2023年1月20日扫一扫在手机上查看当前页面。)
    for furniture in (
        "欢迎扫描二维码关注我们", "责任编辑：张三", "【字体：大 中 小】", "上一篇：关于…的通知", "打印本页 关闭窗口",
        "大同市人民政府办公室2023年1月20日扫一扫在手机上查看当前页面", "大同市人民政府办公室2023年1月20日",
        "三晋通大同政务晋公网安备14020002000138号", "承办:呼伦贝尔经济技术开发区管理委员会 联系方式:0470-8575688",
    ):
        assert page_furniture(furniture), furniture
    for statement in ("本年度未收取信息处理费", "开通政务微信公众号，发布信息120条", "扫黑除恶专项斗争信息公开"):
        assert not page_furniture(statement), statement


def test_a_sentence_of_what_did_not_happen_is_no_title() -> None:
    """(the section's second sentence above, 本年度…未发生…投诉举报和责任追究情况, was read as a sub-heading ending in
    情况 and left out of what the model summarizes)"""
    import re

    from extractor.narrative.items import TOPIC_TITLE

    assert not re.fullmatch(TOPIC_TITLE, "本年度区政府国资局未发生因政府信息公开工作引起的投诉举报和责任追究情况")
    assert re.fullmatch(TOPIC_TITLE, "政府信息公开收费及减免情况")
