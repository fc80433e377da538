"""The digest: key figures from the tables and facts under their official labels, the checked summaries."""

from __future__ import annotations

from extractor.digest import build_digest
from extractor.llm.prompts import load_prompt
from extractor.load import load_document, load_text
from extractor.narrative.extract import NarrativeExtractor
from extractor.narrative.schema import Evidence, SectionSummary, Support
from extractor.report import extract_document

try:
    from tests.conftest import REPORTS
except ImportError:
    from conftest import REPORTS  # type: ignore[no-redef]

RULES = NarrativeExtractor(load_prompt("narrative@v2"))


def test_figures_from_the_tables_and_the_facts_with_official_labels() -> None:
    report = extract_document(load_document(REPORTS / "000_541c1237663619fb.txt"), RULES)
    digest = report.digest
    assert digest is not None
    figures = {f.key: (f.label, f.value, f.source) for f in digest.figures}
    assert figures["applications.new_received"] == ("本年新收政府信息公开申请", 55, "table")
    assert figures["review_litigation.review"] == ("行政复议", 0, "table")
    assert figures["fees"][:2] == ("信息处理费", 0)
    assert figures["checks.failed"] == ("未通过的勾稽校验", 0, "checks")
    assert digest.lines[0].startswith("大同市人民政府办公室 · 2022年度")
    assert "本年新收政府信息公开申请55件" in digest.lines[1]


def test_a_blank_total_is_the_sum_of_the_printed_cells_and_failed_checks_are_named() -> None:
    report = extract_document(load_document(REPORTS / "shanghai_govoffice_2019_2019fmt_html2rows.txt"), RULES)
    digest = report.digest
    assert digest is not None
    granted = next(f for f in digest.figures if f.key == "applications.granted")
    assert granted.ref == "applications.granted.*"  # the 总计 cell is blank: the sum of the printed cells
    assert sorted(digest.failed_checks) == ["narrative.granted_plus_partially_granted", "narrative.unable"]
    assert any(line.startswith("未通过的勾稽校验2项") for line in digest.lines)
    # the proactive total is the total of published information, never one kind of it (主动公开规章13件)
    assert all(f.key != "proactive.total" or f.value != 13 for f in digest.figures)


def test_without_a_model_the_problems_and_measures_are_listed_in_the_reports_words() -> None:
    report = extract_document(load_document(REPORTS / "004_333e33f0e39a8a89.txt"), RULES)
    digest = report.digest
    assert digest is not None and digest.sentences == []
    problems = next(line for line in digest.lines if line.startswith("问题："))
    assert "信息公开的内容有待进一步完善" in problems
    # no application at all: the outcome rows would only repeat zeros
    assert [f.key for f in digest.figures if f.key.startswith("applications.")] == ["applications.new_received"]


def test_model_sentences_are_shown_per_section_instead() -> None:
    text = "五、存在的主要问题及改进情况\n一是培训力度不够。二是加强培训。\n"
    report = extract_document(load_text(text), RULES)
    assert report.narrative is not None
    report.narrative.summaries = [
        SectionSummary(section="problems", text="培训力度不够，将加强培训。", evidence=[Evidence(quote="培训力度不够", start=17, end=23)],
                       support=Support(text_from="llm", score=1.0)),
    ]
    digest = build_digest(report, report.narrative)
    assert "问题和改进：培训力度不够，将加强培训。" in digest.lines
    assert not any(line.startswith("问题：") for line in digest.lines)


def test_without_the_tables_the_key_figures_come_from_the_narrative() -> None:
    text = (
        "一、总体情况\n（一）主动公开。全县信息公开平台共发布政府信息1520条，其中通过政府网站发布信息612条。\n"
        "（二）依申请公开。全年共收到申请18件，其中自然人申请17件，均按时办结，未引起行政复议或行政诉讼。\n"
    )
    report = extract_document(load_text(text), RULES)
    digest = report.digest
    assert digest is not None
    figures = {f.key: (f.value, f.source) for f in digest.figures}
    assert figures["proactive.total"] == (1520, "narrative")  # the total, not what one channel carried
    assert figures["applications.new_received"] == (18, "narrative")  # the total, not its breakdown
    assert figures["review_litigation.review"] == (0, "narrative")
    assert figures["review_litigation.litigation"] == (0, "narrative")
    n = report.narrative
    assert n is not None
    facts = {fact.id for fact in [*n.proactive_counts, *n.application_counts, *n.review_litigation_counts]}
    assert {f.ref for f in digest.figures if f.source == "narrative"} <= facts  # each figure names the fact it shows


def test_an_old_reports_total_named_without_zhudong_is_its_key_figure() -> None:
    # (regression: 2013年全镇共公开信息71条 gave the digest no 主动公开 total)
    text = "政府信息公开基本情况:\n(三)进一步规范政府信息依申请公开工作。2013年全镇共公开信息71条,方便群众查阅,其中通过公开栏发布信息20条。\n"
    digest = extract_document(load_text(text), RULES).digest
    assert digest is not None
    assert {f.key: f.value for f in digest.figures}.get("proactive.total") == 71
