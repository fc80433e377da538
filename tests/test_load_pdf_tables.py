"""PDF tables (extractor/load/pdf.py): a ruled table keeps its grid, rendered like an HTML or Word table
(one line per row, cells joined by `` | ``, blank cells kept, merged cells once, wrapped labels one cell);
a grid that is not the table's (rules missing, a frame around text) leaves the text layer as it is."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

from extractor.load import load_document
from extractor.load.layout import cell_value
from extractor.load.pdf import pdf_text
from extractor.pipeline import parse_document
from tests.layouts import Rendering, _pdf_font, render, score

FONT = _pdf_font()
TEXT = ParagraphStyle("text", fontName=FONT, fontSize=10.5, leading=15, wordWrap="CJK")
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10, wordWrap="CJK")
GRID = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
FIXTURES = Path(__file__).parent / "fixtures" / "load"


def _table(rows: list[list[Any]], style: list[tuple[Any, ...]], widths: list[float] | None = None) -> Table:
    cells = [[Paragraph(c, CELL) if isinstance(c, str) and len(c) > 3 else c for c in row] for row in rows]
    common = [("FONT", (0, 0), (-1, -1), FONT, 8), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    return Table(cells, colWidths=widths or [110] + [48] * (len(rows[0]) - 1), style=TableStyle(common + style))


def _pdf(*flow: Any) -> bytes:
    def footer(canvas: Any, doc: Any) -> None:
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(list(flow), onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


_NO_SPACE = str.maketrans("", "", " |\n")


def _text_layer(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_a_ruled_table_keeps_blank_cells_merged_cells_and_wrapped_labels() -> None:
    rows: list[list[Any]] = [
        ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "", "申请人情况", "", "", ""],
        ["", "", "自然人", "法人或其他组织", "", "总计"],
        ["", "", "", "商业企业", "科研机构", ""],
        ["一、本年新收政府信息公开申请数量", "", "55", "", "0", "55"],
        ["三、本年度办理结果", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "7", "0", "", "7"],
        ["", "(三)不予公开", "", "", "", ""],
    ]
    spans = [
        ("SPAN", (0, 0), (1, 2)), ("SPAN", (2, 0), (5, 0)), ("SPAN", (2, 1), (2, 2)), ("SPAN", (3, 1), (4, 1)),
        ("SPAN", (5, 1), (5, 2)), ("SPAN", (0, 3), (1, 3)), ("SPAN", (0, 4), (0, 5)),
    ]  # fmt: skip
    data = _pdf(
        Paragraph("三、收到和处理政府信息公开申请情况", TEXT),
        _table(rows, GRID + spans, [60, 80, 48, 48, 48, 48]),
        Paragraph("四、政府信息公开行政复议、行政诉讼情况", TEXT),
    )
    text, notes = pdf_text(data, "t.pdf")
    assert text == (
        "三、收到和处理政府信息公开申请情况\n"
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况\n"
        "自然人 | 法人或其他组织 | 总计\n"
        "商业企业 | 科研机构\n"
        "一、本年新收政府信息公开申请数量 | 55 |  | 0 | 55\n"
        "三、本年度办理结果 | (二)部分公开(区分处理的,只计这一情形,不计其他情形) | 7 | 0 |  | 7\n"
        "(三)不予公开 |  |  |  | \n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "- 1 -"
    )
    assert notes == []
    # Every character of the text layer is kept, none added but the separators.
    assert sorted(text.translate(_NO_SPACE)) == sorted(_text_layer(data).translate(_NO_SPACE))


def test_a_table_across_pages_keeps_its_rows_and_the_page_footers_in_order() -> None:
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]]
    rows += [[f"第{i}行的标签", str(i), "" if i % 3 else "0", str(2 * i)] for i in range(1, 61)]
    text, _ = pdf_text(_pdf(Paragraph("二、主动公开政府信息情况", TEXT), _table(rows, GRID), Paragraph("三、完", TEXT)), "t.pdf")
    lines = text.split("\n")
    assert lines[0] == "二、主动公开政府信息情况"
    assert lines[1] == "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数"
    body = [line for line in lines if line.startswith("第")]
    assert body == [f"第{i}行的标签 | {i} | {'' if i % 3 else '0'} | {2 * i}" for i in range(1, 61)]
    footer = lines.index("- 1 -")
    assert lines[footer - 1].startswith("第") and lines[footer + 1].startswith("第")  # between two rows
    assert lines[-2:] == ["三、完", "- 2 -"]


def test_text_beside_and_between_tables_keeps_its_order() -> None:
    first = _table([["行政许可", "5"], ["行政处罚", ""]], GRID)
    second = _table([["行政强制", "0"], ["行政事业性收费", "1"]], GRID)
    data = _pdf(Paragraph("上文", TEXT), first, Paragraph("中间一段", TEXT), second, PageBreak(), Paragraph("下一页", TEXT))
    assert pdf_text(data, "t.pdf")[0] == (
        "上文\n行政许可 | 5\n行政处罚 | \n中间一段\n行政强制 | 0\n行政事业性收费 | 1\n- 1 -\n下一页\n- 2 -"
    )


ROWS = [
    ["信息内容", "自然人", "商业企业", "总计"],
    ["一、本年新收政府信息公开申请数量", "55", "", "55"],
    ["2.其他法律行政法规禁止公开", "", "1", "1"],
    ["3.其他", "5", "0", "5"],
]
BOX = [("BOX", (0, 0), (-1, -1), 0.5, colors.black)]


@pytest.mark.parametrize(
    "style",
    [
        [*BOX, ("LINEAFTER", (0, 0), (-2, -1), 0.5, colors.black)],  # no rules between the rows
        [*BOX, ("LINEBELOW", (0, 0), (-1, -2), 0.5, colors.black)],  # no rules between the columns
        [("LINEABOVE", (0, 0), (-1, 0), 1, colors.black), ("LINEBELOW", (0, -1), (-1, -1), 1, colors.black)],  # 三线表
    ],
    ids=["no_row_rules", "no_column_rules", "three_lines"],
)
def test_a_table_whose_rules_are_missing_reads_as_the_text_layer(style: list[tuple[Any, ...]]) -> None:
    data = _pdf(Paragraph("三、收到和处理政府信息公开申请情况", TEXT), _table(ROWS, style), Paragraph("四、完", TEXT))
    assert pdf_text(data, "t.pdf")[0] == _text_layer(data)


def test_a_frame_around_text_is_not_a_table() -> None:
    paragraph = "本机关坚持以公开为常态、不公开为例外," * 12  # running text: over 200 characters in one cell
    framed = Table([[Paragraph(paragraph, TEXT)], [Paragraph("二、主动公开政府信息情况", TEXT)]], colWidths=[400])
    framed.setStyle(TableStyle(GRID))
    boxed = Table([[Paragraph("一个方框里的一段话", TEXT)]], style=TableStyle(BOX))
    data = _pdf(framed, boxed)
    assert pdf_text(data, "t.pdf")[0] == _text_layer(data)


def test_wrapped_cell_lines_join_without_a_space_except_between_words() -> None:
    assert cell_value(["(二)部分公开(区分处理的,", "只计这一情形)"], wrapped=True) == "(二)部分公开(区分处理的,只计这一情形)"
    assert cell_value(["12", "345"], wrapped=True) == "12345"
    assert cell_value(["本年收费金额(单位:", "万元)"], wrapped=True) == "本年收费金额(单位:万元)"
    assert cell_value(["Annual", "report 2022"], wrapped=True) == "Annual report 2022"
    assert cell_value(["12", "345"]) == "12 345"  # HTML/Word paragraphs: hard breaks


def test_a_gold_report_with_blank_cells_parses_from_its_pdf_without_a_flag(tmp_path: Path) -> None:
    rendering = render("000_541c1237663619fb", "pdf_blank_cells")
    assert rendering is not None and "blanks" in rendering.options
    report = parse_document(load_document(rendering.text_or_path(tmp_path)))
    result = score(rendering, report)
    assert (result.exact, result.wrong_flagged, result.wrong_silent) == (result.cells, 0, 0)
    assert not [c for c in report.cells if {"aligned_by_order", "ambiguous_split", "recovered_detached"} & set(c.flags)]


# ------------------------------------------------------------------ rows a page break cuts in two
# Word and LibreOffice let a row break across pages: the part without the numbers is a row of blank
# cells but for a piece of its label. Two tables with the same columns, one ending page 1, the other
# beginning page 2 (reportlab never breaks a row, so the two parts are drawn as two tables).

WIDTHS = [110.0, 48.0, 48.0, 48.0]


def _across_a_page_break(upper: list[str], lower: list[str], *, header: bool = False) -> str:
    head = [["信息内容", "自然人", "商业企业", "总计"]]
    filler = [[f"{i}.第{i}行", "0", "0", "0"] for i in range(1, 4)]
    first = _table([*head, *filler, upper], GRID, WIDTHS)
    second = _table([*(head if header else []), lower, ["9.最后一行", "1", "1", "2"]], GRID, WIDTHS)
    data = _pdf(Paragraph("三、收到和处理政府信息公开申请情况", TEXT), first, PageBreak(), second, Paragraph("四、完", TEXT))
    return pdf_text(data, "t.pdf")[0]


def _rows_around_the_break(text: str) -> list[str]:
    lines = text.split("\n")
    return lines[lines.index("3.第3行 | 0 | 0 | 0") + 1 : lines.index("9.最后一行 | 1 | 1 | 2")]


@pytest.mark.parametrize(
    ("upper", "lower"),
    [
        (["2.其", "30", "", "31"], ["他法律行政法规禁止公开", "", "", ""]),  # the numbers above the break
        (["2.其", "", "", ""], ["他法律行政法规禁止公开", "30", "", "31"]),  # the numbers below it
        (["2.其他法律行政法规禁止公开", "", "", ""], ["", "30", "", "31"]),  # the whole label above it
    ],
    ids=["numbers_above", "numbers_below", "label_above"],
)
def test_a_row_a_page_break_cuts_is_one_row(upper: list[str], lower: list[str]) -> None:
    text = _across_a_page_break(upper, lower)
    assert _rows_around_the_break(text) == ["2.其他法律行政法规禁止公开 | 30 |  | 31", "- 1 -"]


def test_a_repeated_header_row_does_not_hide_the_cut_row() -> None:
    text = _across_a_page_break(["2.其", "30", "", "31"], ["他法律行政法规禁止公开", "", "", ""], header=True)
    assert _rows_around_the_break(text) == ["2.其他法律行政法规禁止公开 | 30 |  | 31", "- 1 -", "信息内容 | 自然人 | 商业企业 | 总计"]


def test_a_blank_row_after_a_page_break_is_a_row_of_its_own() -> None:
    # The row after the break starts with its own numbering: a row whose cells are all blank.
    text = _across_a_page_break(["2.其他法律行政法规禁止公开", "30", "", "31"], ["3.危及“三安全一稳定”", "", "", ""])
    assert _rows_around_the_break(text) == ["2.其他法律行政法规禁止公开 | 30 |  | 31", "- 1 -", "3.危及“三安全一稳定” |  |  | "]


def test_a_cut_the_labels_cannot_tell_is_printed_as_the_text_layer_prints_it() -> None:
    # Unnumbered labels: a blank row of its own or the rest of the row above? The row without numbers
    # is printed as its text alone (as the text layer prints it); the table parser aligns it, flagged.
    text = _across_a_page_break(["行政处罚", "5", "", "5"], ["行政强制", "", "", ""])
    assert _rows_around_the_break(text) == ["行政处罚 | 5 |  | 5", "- 1 -", "行政强制"]


def test_tables_with_other_columns_across_a_page_break_are_left_alone() -> None:
    first = _table([["2.其", "30", "", "31"]], GRID, WIDTHS)
    second = _table([["他法律行政法规禁止公开", "", ""]], GRID, [110.0, 72.0, 72.0])
    text = pdf_text(_pdf(first, PageBreak(), second), "t.pdf")[0]
    assert text == "2.其 | 30 |  | 31\n- 1 -\n他法律行政法规禁止公开 |  | \n- 2 -"


def test_a_libreoffice_pdf_whose_rows_break_across_pages() -> None:
    """A real office suite's PDF (tests/fixtures/load/make_libreoffice_fixtures.py): merged cells, blank
    cells, a row cut by a page break."""
    fixture = FIXTURES / "libreoffice_split_rows.pdf"
    expected = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    document = load_document(fixture)
    assert "2.其他法律行政法规禁止公开 | 30 | 1 | 0 |  | 0 |  | 31" in document.text.split("\n")
    report = parse_document(document)
    rendering = Rendering("libreoffice", fixture.stem, expected["template"], expected["tables"], b"", ".pdf")
    result = score(rendering, report)
    assert (result.exact, result.wrong_flagged, result.wrong_silent, result.extra) == (result.cells, 0, 0, 0)
    assert not [c for c in report.cells if {"aligned_by_order", "ambiguous_split", "recovered_detached"} & set(c.flags)]
