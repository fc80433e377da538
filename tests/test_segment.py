import pytest

from extractor.normalize import normalize
from extractor.segment import detect_template, find_meta, find_sections
from tests.conftest import report_text


def _sections(name: str) -> list[str]:
    return [s.key for s in find_sections(normalize(report_text(name)).text)]


ALL = ["overview", "proactive_table", "applications_table", "review_litigation_table", "problems", "other"]


@pytest.mark.parametrize(
    "name",
    ["000_541c1237663619fb", "002_729ce6095ffb3585", "pingtan_2021_2021fmt_squashed", "shanghai_kewei_2024_2021fmt_pdf2md", "hunnan_guoziju_2022_tables_missing"],
)
def test_six_sections_found_by_title(name: str) -> None:
    assert _sections(name) == ALL


def test_renumbered_sections_and_subparts() -> None:
    text = normalize(report_text("shanghai_kewei_2024_2021fmt_pdf2md")).text
    sections = {s.key: s for s in find_sections(text)}
    assert sections["proactive_table"].number == "一"  # the body printed its tables as 一/二/三
    assert sections["problems"].number is None  # '(一)主要问题' with no numbered heading
    subs = [s.key for s in sections["overview"].subsections]
    assert subs == ["overview.proactive_disclosure", "overview.on_request", "overview.info_management", "overview.platforms"]


def test_subparts_of_section_one() -> None:
    text = normalize(report_text("000_541c1237663619fb")).text
    overview = find_sections(text)[0]
    assert [s.key.split(".")[1] for s in overview.subsections] == [
        "proactive_disclosure", "on_request", "info_management", "platforms", "oversight"
    ]
    assert text[overview.subsections[0].start :].startswith("(一)主动公开")


def test_template_from_labels_not_from_the_year() -> None:
    assert detect_template("信息内容 本年新制作数量 本年新公开数量 对外公开总数量")[0] == "2019"
    assert detect_template("国办公开办函〔2019〕60号 … 本年制发件数 本年废止件数")[0] == "2021"
    assert detect_template("指标名称 计量单位 2018年度 历年累计")[0] == "legacy"
    assert detect_template("依据国办公开办函〔2021〕30号编制。")[0] == "2021"
    assert detect_template("一段没有表格的文字")[0] == "unknown"


def test_meta_fields() -> None:
    text = normalize(report_text("000_541c1237663619fb")).text
    meta = find_meta(text, find_sections(text))
    assert (meta.issuing_body, meta.year, meta.period_start, meta.period_end, meta.published) == (
        "大同市人民政府办公室", 2022, "2022-01-01", "2022-12-31", "2023-01-20"
    )
    text = normalize(report_text("shanghai_kewei_2024_2021fmt_pdf2md")).text
    meta = find_meta(text, find_sections(text))
    assert (meta.issuing_body, meta.year) == ("上海市科委", 2024)


def test_page_furniture_glued_to_the_title_is_not_the_body() -> None:
    from extractor.segment import find_meta, find_sections

    for head, body in (
        ("分享到:\n联安镇2025年度政府信息公开工作年度报告\n", "联安镇"),
        ("搜索\n真正让“遂宁效率”成为“遂宁品牌”\n\n大英县政府办公室2020年政府信息公开工作年度报告\n", "大英县政府办公室"),
    ):
        text = head + "一、总体情况\n2025年,我镇深入学习贯彻条例。\n"
        assert find_meta(text, find_sections(text)).issuing_body == body
