"""Tests of the load stage (extractor/load.py): format sniffing, decoding, rendering, bad input."""

from __future__ import annotations

import hashlib
import io
import os
import random
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extractor.load import DEFAULT_MAX_BYTES, LoadError, load_document, load_text
from extractor.load import docx as docx_module
from extractor.load import read as read_module
from extractor.load.pdf import pdf_notes as _pdf_notes

REPO = Path(__file__).resolve().parents[1]
REPORTS = sorted((REPO / "evals" / "reports").glob("*.txt"))
FIXTURES = Path(__file__).parent / "fixtures" / "load"
TRADITIONAL = "000_541c1237663619fb.txt"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path: Path | str, **kwargs: int) -> str:
    """The LoadError message for ``path``; it must be one line that names the file."""
    with pytest.raises(LoadError) as info:
        load_document(path, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    assert os.fspath(path) in message
    return message


def _report(name: str) -> str:
    return (REPO / "evals" / "reports" / name).read_bytes().decode("utf-8")


# ------------------------------------------------------------------------------------------- plain text


def test_txt_is_the_exact_file_content(tmp_path: Path) -> None:
    raw = "  一、总体情况 \r\n\r\n\t自然人 | 12 |  \n\n\n末行没有换行".encode()
    path = _write(tmp_path, "r.txt", raw)
    doc = load_document(path)
    assert doc.text == raw.decode("utf-8")
    assert doc.format == "txt"
    assert doc.encoding == "utf-8"
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.path == str(path)
    assert doc.warnings == []


def test_accepts_str_path_and_keeps_it_verbatim(tmp_path: Path) -> None:
    _write(tmp_path, "r.txt", "政府信息公开".encode())
    as_given = os.path.join(str(tmp_path), ".", "r.txt")
    assert load_document(as_given).path == as_given


def test_utf8_bom_is_removed_but_hashed(tmp_path: Path) -> None:
    raw = "\ufeff\ufeff一、总体情况\n".encode()
    doc = load_document(_write(tmp_path, "r.txt", raw))
    assert doc.text == "\ufeff一、总体情况\n"  # only the leading BOM goes
    assert doc.encoding == "utf-8-sig"
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()


ROUND_TRIPS = [
    (report.name, encoding)
    for report in REPORTS
    for encoding in ("utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be")
] + [(TRADITIONAL, "big5")]

EXPECTED_ENCODING = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "gb18030": "gb18030",
    "utf-16": "utf-16-le" if sys.byteorder == "little" else "utf-16-be",
    "utf-16-le": "utf-16-le",  # no BOM: found by the NUL pattern
    "utf-16-be": "utf-16-be",
    "big5": "big5",
}


def test_corpus_is_present() -> None:
    assert len(REPORTS) >= 16
    assert (REPO / "evals" / "reports" / TRADITIONAL) in REPORTS


@pytest.mark.parametrize(("report", "encoding"), ROUND_TRIPS)
def test_corpus_round_trips_in_every_encoding(tmp_path: Path, report: str, encoding: str) -> None:
    text = _report(report)
    doc = load_document(_write(tmp_path, "r.txt", text.encode(encoding)))
    assert doc.text == text
    assert doc.encoding == EXPECTED_ENCODING[encoding]
    assert doc.format == "txt"
    assert doc.warnings == []


def test_gbk_is_reported_as_its_superset_gb18030(tmp_path: Path) -> None:
    text = _report("003_8f6a0cdd81ca4d1e.txt")
    doc = load_document(_write(tmp_path, "r.txt", text.encode("gbk")))
    assert (doc.encoding, doc.text) == ("gb18030", text)


def test_gb18030_only_characters(tmp_path: Path) -> None:
    # 𠀀 (U+20000) and ḿ exist in GB18030 but not in GBK.
    text = "政府信息公开 𠀀 ḿ 报告\n"
    doc = load_document(_write(tmp_path, "r.txt", text.encode("gb18030")))
    assert (doc.encoding, doc.text) == ("gb18030", text)


@pytest.mark.parametrize("word", ["自然人", "申请", "总计", "国家"])
def test_short_simplified_text_prefers_gb18030(tmp_path: Path, word: str) -> None:
    # Most of these bytes are valid Big5 too, and charset-normalizer scores both the same.
    doc = load_document(_write(tmp_path, "r.txt", word.encode("gb18030")))
    assert (doc.encoding, doc.text) == ("gb18030", word)


def test_gb18030_encoded_bom_is_removed(tmp_path: Path) -> None:
    raw = "\ufeff报告\n".encode("gb18030")
    assert raw.startswith(b"\x841\x953")
    doc = load_document(_write(tmp_path, "r.txt", raw))
    assert (doc.encoding, doc.text) == ("gb18030", "报告\n")


def test_utf16_be_with_bom(tmp_path: Path) -> None:
    raw = b"\xfe\xff" + "行政复议 5\n".encode("utf-16-be")
    doc = load_document(_write(tmp_path, "r.txt", raw))
    assert (doc.encoding, doc.text) == ("utf-16-be", "行政复议 5\n")
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()


def test_utf32_with_bom(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "r.txt", "行政复议 5\n".encode("utf-32")))
    assert doc.text == "行政复议 5\n"
    assert doc.encoding in ("utf-32-le", "utf-32-be")


def test_gb18030_with_one_corrupt_byte_is_decoded_with_a_warning(tmp_path: Path) -> None:
    text = _report("001_516ff9c16babe9a7.txt")
    raw = text.encode("gb18030")
    cut = len(text[:100].encode("gb18030"))
    doc = load_document(_write(tmp_path, "r.txt", raw[:cut] + b"\xff" + raw[cut:]))
    assert doc.encoding == "gb18030"
    assert doc.text == text[:100] + "\ufffd" + text[100:]
    assert doc.warnings == ["decoded as gb18030 with 1 replacement character"]


def test_big5_with_one_corrupt_byte_is_not_mistaken_for_gb18030(tmp_path: Path) -> None:
    # GB18030 accepts nearly every Big5 byte pair, so the replacement count alone would pick it.
    text = _report(TRADITIONAL)
    raw = text.encode("big5")
    cut = len(text[:100].encode("big5"))
    doc = load_document(_write(tmp_path, "r.txt", raw[:cut] + b"\xff" + raw[cut:]))
    assert doc.encoding == "big5"
    assert doc.text == text[:100] + "\ufffd" + text[100:]
    assert doc.warnings == ["decoded as big5 with 1 replacement character"]


def test_utf8_cut_inside_the_last_character(tmp_path: Path) -> None:
    raw = "政府信息公开工作年度报告\n一、总体".encode()[:-1]
    doc = load_document(_write(tmp_path, "r.txt", raw))
    assert doc.encoding == "utf-8"
    assert doc.text == "政府信息公开工作年度报告\n一、总\ufffd"
    assert doc.warnings == ["decoded as utf-8 with 1 replacement character"]


def test_a_few_control_characters_are_kept_with_a_warning(tmp_path: Path) -> None:
    text = "一、总体情况\x0b\x07\f" + "政府信息公开" * 30 + "\x1b"  # VT and FF are whitespace
    doc = load_document(_write(tmp_path, "r.txt", text.encode()))
    assert doc.text == text
    assert doc.warnings == ["2 control characters in the text"]


BOX_TABLE_GB = "┏━━━┳━━━┓\n┃项目┃数量┃\n┣━━━╋━━━┫\n┃申请┃ 12 ┃\n┗━━━┻━━━┛\n" * 20
BOX_TABLE_BIG5 = "┌──┬──┐\n│項目│數量│\n├──┼──┤\n│申請│ 12 │\n└──┴──┘\n" * 20


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(BOX_TABLE_GB, "gb18030"), (BOX_TABLE_BIG5, "big5"), ("①②③ ■□▲ ※§№ Ⅰ Ⅱ\n" * 30, "gb18030")],
    ids=["gb-box-table", "big5-box-table", "gb-symbols-only"],
)
def test_text_too_messy_for_charset_normalizer(tmp_path: Path, text: str, encoding: str) -> None:
    # Box drawing reads as mess to charset-normalizer in every candidate; GB18030's box-drawing bytes
    # are also common characters in Big5, so only GB18030-first with a plausibility check gets both.
    doc = load_document(_write(tmp_path, "r.txt", text.encode(encoding)))
    assert (doc.encoding, doc.text) == (encoding, text)
    assert doc.warnings == [f"charset detection inconclusive; {encoding} chosen by character frequency"]


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff" * 300,
        random.Random(7).randbytes(3000).translate(bytes(range(128, 256)) * 2),  # bytes 0x80-0xff
        bytes(random.Random(7).choices(range(0x81, 0xFF), k=3000)),  # valid GB18030 pairs, nonsense
    ],
    ids=["ff-run", "random-high-bytes", "random-gb18030-pairs"],
)
def test_undecodable_text(tmp_path: Path, raw: bytes) -> None:
    message = _error(_write(tmp_path, "r.txt", raw))
    assert message.startswith("cannot decode ")
    assert message.endswith("not valid UTF-8, UTF-16, GB18030 or Big5 text")


# ---------------------------------------------------------------------------------------------- sniffing


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


UNSUPPORTED = [
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "a legacy Office (OLE2) file"),
    ("scan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image; run OCR first"),
    ("scan.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image; run OCR first"),
    ("scan.gif", b"GIF89a\x01\x00\x01\x00", "a GIF image"),
    ("scan.tif", b"II*\x00\x08\x00\x00\x00", "a TIFF image"),
    ("scan.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 ", "a WebP image"),
    ("tool", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "an ELF executable"),
    ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00", "binary data (contains NUL bytes)"),
    ("r.txt.gz", b"\x1f\x8b\x08\x00\x00\x00", "a gzip archive"),
    ("r.rtf", b"{\\rtf1\\ansi \\f0 report}", "an RTF document"),
    ("t.xlsx", _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}), "an Excel workbook"),
    ("s.pptx", _zip({"ppt/presentation.xml": b"<x/>"}), "a PowerPoint presentation"),
    ("d.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "an OpenDocument file"),
    ("a.zip", _zip({"report.txt": "报告".encode()}), "a zip archive, not a Word .docx document"),
    ("bad.docx", b"PK\x03\x04" + b"\x14\x00garbage" * 10, "a corrupt zip archive"),
    ("r.txt", "一、总体情况\x00二、主动公开".encode(), "binary data (contains NUL bytes)"),
    ("r.txt", bytes(range(1, 32)) * 20, "binary data (84% control characters)"),
]


@pytest.mark.parametrize(("name", "raw", "kind"), UNSUPPORTED, ids=[u[0] + ":" + u[2] for u in UNSUPPORTED])
def test_unsupported_formats_are_named(tmp_path: Path, name: str, raw: bytes, kind: str) -> None:
    message = _error(_write(tmp_path, name, raw))
    assert message.startswith("unsupported file: ")
    assert kind in message


def test_pdf_content_wins_over_the_txt_extension(tmp_path: Path) -> None:
    path = _write(tmp_path, "report.txt", (FIXTURES / "report.pdf").read_bytes())
    doc = load_document(path)
    assert doc.format == "pdf"
    assert doc.text.startswith("2022年政府信息公开工作年度报告\n")
    assert doc.warnings == ["content is pdf although the file is named .txt"]


def test_an_html_error_page_saved_as_pdf_is_read_as_html(tmp_path: Path) -> None:
    raw = b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>"
    doc = load_document(_write(tmp_path, "report.pdf", raw))
    assert (doc.format, doc.text) == ("html", "404 Not Found")
    assert doc.warnings == ["content is html although the file is named .pdf"]


@pytest.mark.parametrize(
    "markup",
    [
        "\ufeff  \n<!doctype HTML><p>一、总体情况</p>",
        '<?xml version="1.0" encoding="utf-8"?>\n<!-- saved -->\n<html xmlns="x"><p>一、总体情况</p></html>',
        "<HTML><p>一、总体情况</p></HTML>",
        "保存的片段\n<TABLE><tr><td>一、总体情况</td></tr></TABLE>",
        "保存的片段\n<body class=x><p>一、总体情况</p>",
    ],
    ids=["doctype-after-bom", "xml-declaration", "html-tag", "table-anywhere", "body-anywhere"],
)
def test_html_is_sniffed_from_the_content(tmp_path: Path, markup: str) -> None:
    doc = load_document(_write(tmp_path, "r.txt", markup.encode()))
    assert doc.format == "html"
    assert doc.text.endswith("一、总体情况")
    assert "<" not in doc.text


def test_text_mentioning_tags_without_markup_stays_text(tmp_path: Path) -> None:
    text = "见附件<附表一>与 <p 标签说明\n"
    doc = load_document(_write(tmp_path, "r.txt", text.encode()))
    assert (doc.format, doc.text) == ("txt", text)


def test_html_extension_with_a_markup_fragment(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "r.htm", "<p>一、总体</p><p>二、主动</p>".encode()))
    assert (doc.format, doc.text, doc.warnings) == ("html", "一、总体\n二、主动", [])


# ------------------------------------------------------------------------------------------------- HTML

HTML_REPORT = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>标题不出现</title>
<style>p { margin: 0 }</style><script>var content = "<table>";</script></head>
<body>
<div class="nav">首页&nbsp;&gt;&nbsp;年报</div>
<table width="100%"><tr><td>
<h2>2019年政府信息公开工作年度报告</h2>
<p>&nbsp;&nbsp;一、总体情况</p>
<p>2019年，市政府办公厅坚持
以习近平新时代中国特色社会主义思想为指导，
全面落实 <b>《条例》</b> 要求。</p>
<p>&nbsp;</p><br><br>
<p>二、收到和处理政府信息公开申请情况</p>
<table border="1">
 <thead>
 <tr><th rowspan="2">（本列数据的勾稽关系为：第一项加第二项之和，
     等于第三项加第四项之和）</th><th colspan="3">申请人情况</th></tr>
 <tr><th>自然人</th><th>法人或<br>其他组织</th><th>总计</th></tr>
 </thead>
 <tbody>
 <tr><td>一、本年新收政府信息公开申请数量</td><td>821</td><td>&nbsp;</td><td> 859 </td></tr>
 <tr><td rowspan="2">三、本年度<br/>办理结果</td><td colspan="2">（一）予以公开</td><td>258</td></tr>
 <tr><td>（二）部分公开</td><td>&nbsp; &nbsp;</td><td></td></tr>
 <tr><td>四、结转下年度继续办理</td><td>72</td><td><p>　</p></td><td>72</td></tr>
 </tbody>
</table>
<noscript>请启用JavaScript</noscript><!-- 注释不出现 -->
<ul><li>第一项</li><li>第二项 <span>附</span> Note</li></ul>
<pre>  保留
    缩进</pre>
</td></tr></table>
</body></html>
"""

HTML_REPORT_TEXT = """首页\xa0>\xa0年报
2019年政府信息公开工作年度报告
\xa0\xa0一、总体情况
2019年，市政府办公厅坚持以习近平新时代中国特色社会主义思想为指导，全面落实 《条例》 要求。
二、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况
自然人 | 法人或其他组织 | 总计
一、本年新收政府信息公开申请数量 | 821 |  | 859
三、本年度办理结果 | （一）予以公开 | 258
（二）部分公开 |  |\x20
四、结转下年度继续办理 | 72 |  | 72
第一项
第二项 附 Note
  保留
    缩进"""


def test_html_report_renders_to_the_expected_text(tmp_path: Path) -> None:
    raw = HTML_REPORT.encode()
    doc = load_document(_write(tmp_path, "r.html", raw))
    assert doc.text == HTML_REPORT_TEXT
    assert (doc.format, doc.encoding, doc.warnings) == ("html", "utf-8", [])
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()


def test_html_string_is_rendered_by_load_text() -> None:
    doc = load_text(HTML_REPORT, path="r.html")
    assert (doc.format, doc.text, doc.path) == ("html", HTML_REPORT_TEXT, "r.html")
    assert doc.sha256 == hashlib.sha256(HTML_REPORT.encode()).hexdigest()


def test_html_table_in_the_shape_of_the_shanghai_report() -> None:
    markup = """<body><table>
<tr><td>第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>13</td><td>13</td><td>524</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>14</td><td>&nbsp;</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td></td><td></td></tr>
<tr><td> </td><td></td></tr>
</table></body>"""
    expected = _report("shanghai_govoffice_2019_2019fmt_html2rows.txt").splitlines()
    lines = load_text(markup).text.split("\n")
    assert lines[:3] == expected[expected.index("第二十条第（一）项") :][:3]
    assert lines[3:] == ["（三）不予公开 | 1.属于国家秘密 | 14 | ", "2.其他法律行政法规禁止公开 |  | ", " | "]


def test_html_nested_data_table_inside_a_layout_cell_with_siblings() -> None:
    markup = """<html><body><table><tr>
<td><a href="/">返回</a></td>
<td><p>正文</p><table><tr><td>a</td><td>b</td></tr></table><p>落款</p></td>
</tr></table></body></html>"""
    assert load_text(markup).text == "返回\n正文\na | b\n落款"


def test_html_caption_and_empty_rows() -> None:
    markup = "<table><caption>表一 主动公开</caption><tr></tr><tr><td>规章</td><td>1</td></tr></table>"
    assert load_text(markup).text == "表一 主动公开\n规章 | 1"


def test_html_break_between_cjk_characters_disappears_latin_gets_a_space() -> None:
    markup = "<body><p>中华人民\n共和国 政府\r\n信息 open\ngovernment 2019\n年</p></body>"
    assert load_text(markup).text == "中华人民共和国 政府信息 open government 2019 年"


def test_html_meta_charset_gb2312_means_gb18030(tmp_path: Path) -> None:
    markup = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GB2312"></head>'
    raw = (markup + "<body><p>行政复议 𠀀</p></body></html>").encode("gb18030")
    doc = load_document(_write(tmp_path, "r.html", raw))
    assert (doc.encoding, doc.text, doc.warnings) == ("gb18030", "行政复议 𠀀", [])


def test_html_meta_charset_decides_what_detection_cannot(tmp_path: Path) -> None:
    # Four Big5 characters are also valid GB18030 (そ秨ビ叫), and detection picks GB18030 for them.
    raw = '<html><head><meta charset="big5"></head><body><p>公開申請</p></body></html>'.encode("big5")
    doc = load_document(_write(tmp_path, "r.html", raw))
    assert (doc.encoding, doc.text, doc.warnings) == ("big5", "公開申請", [])


def test_html_wrong_meta_charset_is_overridden(tmp_path: Path) -> None:
    body = _report("001_516ff9c16babe9a7.txt").split("\n")[0]
    raw = f'<html><head><meta charset="utf-8"></head><body><p>{body}</p></body></html>'.encode("gb18030")
    doc = load_document(_write(tmp_path, "r.html", raw))
    assert (doc.encoding, doc.text) == ("gb18030", body)
    assert doc.warnings == ["declared charset utf-8 does not match the content"]


def test_html_valid_utf8_beats_a_stale_meta_charset(tmp_path: Path) -> None:
    raw = '<html><head><meta charset="gbk"></head><body><p>行政复议</p></body></html>'.encode()
    doc = load_document(_write(tmp_path, "r.html", raw))
    assert (doc.encoding, doc.text) == ("utf-8", "行政复议")
    assert doc.warnings == ["declared charset gbk ignored: the content is valid UTF-8"]


def test_html_in_utf16_is_sniffed_after_decoding(tmp_path: Path) -> None:
    raw = "<html><body><p>行政复议</p><p>abc</p></body></html>".encode("utf-16-le")
    doc = load_document(_write(tmp_path, "r.txt", raw))
    assert (doc.format, doc.encoding, doc.text) == ("html", "utf-16-le", "行政复议\nabc")


def test_html_with_thousands_of_unclosed_tags() -> None:
    markup = "<html><body>" + "<p><font>段落" * 5000 + "</body></html>"
    assert load_text(markup).text == "\n".join(["段落"] * 5000)


def test_html_extension_and_fragment_in_utf16(tmp_path: Path) -> None:
    raw = "<p>行政复议</p><p>abc</p>".encode("utf-16")
    doc = load_document(_write(tmp_path, "r.html", raw))
    assert (doc.format, doc.text) == ("html", "行政复议\nabc")


def test_html_without_visible_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "r.html", b"<html><head><title>x</title></head><body><p>&nbsp;</p></body></html>")
    assert _error(path) == f"empty document: {path} has no visible text in its HTML"


# ------------------------------------------------------------------------------------------------- DOCX


def _docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_merged_table_in_document_order(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("2022年政府信息公开工作年度报告")
    d.add_paragraph("")
    d.add_paragraph("一、总体情况")
    table = d.add_table(rows=4, cols=4)
    table.cell(0, 1).merge(table.cell(0, 3)).text = "申请人情况"  # horizontal: one gridSpan cell
    table.cell(0, 0).merge(table.cell(1, 0)).text = "（本列数据的勾稽关系）"  # vertical: vMerge
    for col, value in enumerate(["自然人", "法人或其他组织", "总计"], start=1):
        table.cell(1, col).text = value
    for col, value in enumerate(["一、本年新收", "821", "", "859"]):
        table.cell(2, col).text = value
    label = table.cell(3, 0)
    label.text = "三、本年度"
    label.add_paragraph("办理结果")
    table.cell(3, 3).text = " 5 "
    d.add_paragraph("二、主动公开").add_run("\t尾").add_break()
    raw = _docx_bytes(d)

    doc = load_document(_write(tmp_path, "r.docx", raw))
    assert doc.text == (
        "2022年政府信息公开工作年度报告\n"
        "一、总体情况\n"
        "（本列数据的勾稽关系） | 申请人情况\n"
        " | 自然人 | 法人或其他组织 | 总计\n"
        "一、本年新收 | 821 |  | 859\n"
        "三、本年度办理结果 |  |  | 5\n"
        "二、主动公开\t尾"
    )
    assert (doc.format, doc.encoding, doc.warnings) == ("docx", None, [])
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()


def test_docx_python_docx_repeats_a_merged_cell_but_we_do_not(tmp_path: Path) -> None:
    d = docx.Document()
    table = d.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "第二十条第（一）项"
    for col, value in enumerate(["规章", "13", "524"]):
        table.cell(1, col).text = value
    assert [c.text for c in table.rows[0].cells] == ["第二十条第（一）项"] * 3
    doc = load_document(_write(tmp_path, "r.docx", _docx_bytes(d)))
    assert doc.text == "第二十条第（一）项\n规章 | 13 | 524"


def test_docx_vertical_merge_continuation_is_blank_even_with_stray_text(tmp_path: Path) -> None:
    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "（三）不予公开"
    table.cell(0, 1).text = "14"
    table.cell(1, 1).text = "5"
    # Word hides whatever a continuation cell holds; some generators leave text there.
    continuation = table.rows[1]._tr.tc_lst[0]
    continuation.xpath("./w:p")[0].append(parse_xml(f"<w:r {nsdecls('w')}><w:t>隐藏</w:t></w:r>"))
    assert continuation.xpath("./w:tcPr/w:vMerge")
    doc = load_document(_write(tmp_path, "r.docx", _docx_bytes(d)))
    assert doc.text == "（三）不予公开 | 14\n | 5"


def test_docx_tracked_changes_hyperlinks_and_content_controls(tmp_path: Path) -> None:
    d = docx.Document()
    body = d.element.body
    paragraph = parse_xml(
        f"<w:p {nsdecls('w', 'r')}>"
        "<w:r><w:t>本年</w:t></w:r>"
        '<w:ins w:id="1" w:author="a"><w:r><w:t>新收</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        '<w:hyperlink r:id="rId99"><w:r><w:t>申请</w:t></w:r></w:hyperlink>'
        "</w:p>"
    )
    control = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>控件内文字</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    body.insert(0, paragraph)
    body.insert(1, control)
    doc = load_document(_write(tmp_path, "r.docx", _docx_bytes(d)))
    assert doc.text == "本年新收申请\n控件内文字"


def test_docx_hidden_text_is_left_out(tmp_path: Path) -> None:
    d = docx.Document()
    d.element.body.insert(
        0,
        parse_xml(
            f'<w:p {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:t>正文</w:t></w:r>'
            '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>移走</w:t></w:r></w:moveFrom>'
            "<w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
            "<w:p><w:r><w:t>文本框</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
            '<w:moveTo w:id="4" w:author="a"><w:r><w:t>移入</w:t></w:r></w:moveTo></w:p>'
        ),
    )
    doc = load_document(_write(tmp_path, "r.docx", _docx_bytes(d)))
    assert doc.text == "正文移入"


def test_docx_legacy_horizontal_merge_appears_once(tmp_path: Path) -> None:
    d = docx.Document()
    table = d.add_table(rows=2, cols=3)
    for col, value in enumerate(["申请人情况", "申请人情况", "申请人情况"]):
        table.cell(0, col).text = value
    for tc in table.rows[0]._tr.tc_lst[1:]:
        tc.get_or_add_tcPr().append(parse_xml(f'<w:hMerge {nsdecls("w")} w:val="continue"/>'))
    table.rows[0]._tr.tc_lst[0].get_or_add_tcPr().append(
        parse_xml(f'<w:hMerge {nsdecls("w")} w:val="restart"/>')
    )
    for col, value in enumerate(["自然人", "法人", "总计"]):
        table.cell(1, col).text = value
    doc = load_document(_write(tmp_path, "r.docx", _docx_bytes(d)))
    assert doc.text == "申请人情况\n自然人 | 法人 | 总计"


def test_docx_one_cell_frame_table_keeps_its_paragraphs(tmp_path: Path) -> None:
    d = docx.Document()
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "一、总体情况"
    cell.add_paragraph("二、主动公开")
    doc = load_document(_write(tmp_path, "r.docx", _docx_bytes(d)))
    assert doc.text == "一、总体情况\n二、主动公开"


def test_docx_without_text(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("   ")
    path = _write(tmp_path, "r.docx", _docx_bytes(d))
    assert _error(path) == f"empty document: {path} has no text in its DOCX body"


def test_docx_that_unpacks_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = docx.Document()
    d.add_paragraph("报告" * 1000)
    raw = _docx_bytes(d)
    monkeypatch.setattr(docx_module, "MAX_UNZIPPED_BYTES", len(raw))  # the parts unpack to more
    message = _error(_write(tmp_path, "r.docx", raw))
    assert message.startswith("unsupported file: ")
    assert f"over {len(raw)} bytes" in message


def test_docx_with_a_damaged_document_part(tmp_path: Path) -> None:
    raw = _zip({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"})
    message = _error(_write(tmp_path, "r.docx", raw))
    assert message.startswith("cannot read DOCX ")


# -------------------------------------------------------------------------------------------------- PDF


def test_pdf_with_chinese_text_layer() -> None:
    path = FIXTURES / "report.pdf"
    doc = load_document(path)
    assert doc.text == (
        "2022年政府信息公开工作年度报告\n一、总体情况\n自然人 | 12 | 3\n"  # page 1
        "二、主动公开政府信息情况\n本年新收 859 件"  # page 2
    )
    assert (doc.format, doc.encoding, doc.warnings) == ("pdf", None, [])
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_pdf_header_after_leading_whitespace(tmp_path: Path) -> None:
    raw = b"\r\n  " + (FIXTURES / "report.pdf").read_bytes()
    doc = load_document(_write(tmp_path, "r.pdf", raw))
    assert doc.format == "pdf"
    assert doc.text.startswith("2022年政府信息公开工作年度报告\n一、总体情况\n")


def test_pdf_with_a_page_without_text() -> None:
    doc = load_document(FIXTURES / "partly_scanned.pdf")
    assert doc.text == "第一页有文字\n"
    assert doc.warnings == ["1 of 2 PDF pages have no text layer (scanned?)"]


def test_pdf_without_text_layer() -> None:
    path = FIXTURES / "scanned.pdf"
    assert _error(path) == f"{path}: PDF has no text layer (scanned image?); run OCR first"


def test_pdf_needing_a_password() -> None:
    path = FIXTURES / "encrypted.pdf"
    assert _error(path) == f"cannot read PDF {path}: it is encrypted and needs a password"


def test_pdf_with_only_an_owner_password_loads() -> None:
    assert load_document(FIXTURES / "owner_locked.pdf").text == "Annual report 2022"


@pytest.mark.parametrize(
    "raw",
    [b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage", (FIXTURES / "report.pdf").read_bytes()[:1500]],
    ids=["garbage", "truncated"],
)
def test_damaged_pdf(tmp_path: Path, raw: bytes) -> None:
    message = _error(_write(tmp_path, "r.pdf", raw))
    assert message.startswith("cannot read PDF ")
    assert "damaged or not a PDF" in message


def test_pdf_glyphs_without_unicode_mapping() -> None:
    with pytest.raises(LoadError, match=r"only \(cid:N\) glyph codes"):
        _pdf_notes("(cid:12)(cid:7)\n (cid:3)", ["(cid:12)(cid:7)", " (cid:3)"], "x.pdf")
    notes = _pdf_notes("报告(cid:12)\n", ["报告(cid:12)", ""], "x.pdf")
    assert notes == [
        "1 of 2 PDF pages have no text layer (scanned?)",
        "1 glyphs without a Unicode mapping appear as (cid:N)",
    ]


# -------------------------------------------------------------------------------------------- bad input


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    assert _error(path) == f"file not found: {path}"


def test_directory(tmp_path: Path) -> None:
    assert _error(tmp_path) == f"is a directory, not a file: {tmp_path}"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert _error(path) == f"not a regular file: {path}"  # reading it would block forever


def test_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "r.txt", b"")
    assert _error(path) == f"empty file: {path}"


@pytest.mark.parametrize(
    "raw", [b" \r\n\t\n", "\u3000\n".encode("gb18030"), " \n".encode("utf-16")], ids=["ascii", "gb", "utf16"]
)
def test_whitespace_only_file(tmp_path: Path, raw: bytes) -> None:
    path = _write(tmp_path, "r.txt", raw)
    assert _error(path) == f"empty file: {path} holds only whitespace"


def test_huge_file_is_refused_from_its_size_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: no 50 MB are written

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(read_module, "open", no_reading, raising=False)
    started = time.perf_counter()
    message = _error(path)
    assert time.perf_counter() - started < 0.5
    assert message == (
        f"file too large: {path} is 50.0 MiB (52428800 bytes), the limit is 20.0 MiB (20971520 bytes)"
    )
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_file_growing_after_stat_is_still_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "r.txt", "报告".encode() * 10)
    real_stat = Path.stat

    def stale_stat(self: Path, **kwargs: bool) -> os.stat_result:
        result = real_stat(self, **kwargs)
        return os.stat_result((result.st_mode, *result[1:6], 6, *result[7:]))  # st_size = 6

    monkeypatch.setattr(Path, "stat", stale_stat)
    assert _error(path, max_bytes=10) == (
        f"file too large: {path} grew past the limit of 10 bytes while being read"
    )


def test_path_with_a_nul_character() -> None:
    with pytest.raises(LoadError, match=r"^invalid path 'a\\x00b\.txt': .*null"):
        load_document("a\x00b.txt")


def test_max_bytes_is_inclusive(tmp_path: Path) -> None:
    path = _write(tmp_path, "r.txt", "报告".encode())  # 6 bytes
    assert load_document(path, max_bytes=6).text == "报告"
    assert _error(path, max_bytes=5) == f"file too large: {path} is 6 bytes, the limit is 5 bytes"


# --------------------------------------------------------------------------------------------- load_text


def test_load_text_keeps_the_string_and_hashes_its_utf8() -> None:
    text = "一、总体情况\r\n 自然人 | 12 \n"
    doc = load_text(text)
    assert (doc.text, doc.format, doc.encoding, doc.path, doc.warnings) == (text, "txt", None, None, [])
    assert doc.sha256 == hashlib.sha256(text.encode()).hexdigest()


def test_load_text_drops_a_leading_bom_only() -> None:
    assert load_text("\ufeff报告\ufeff", path="x.txt").text == "报告\ufeff"


def test_load_text_refuses_blank_text() -> None:
    with pytest.raises(LoadError, match=r"^empty text: x\.txt$"):
        load_text(" \n\u3000", path="x.txt")
