from extractor.normalize import normalize, to_simplified


def test_pinyin_glosses_are_removed_and_offsets_point_into_the_source() -> None:
    source = "在區(qū)委的領(lǐng)導(dǎo)下,數(shù)量 0"
    norm = normalize(source)
    assert norm.text == "在区委的领导下,数量 0"
    i = norm.text.index("数量")
    span = norm.source_span(i, i + 2)
    assert source[span.start : span.end] == "數(shù)量"


def test_item_numbers_and_remarks_in_parentheses_are_kept() -> None:
    assert normalize("（一）予以公开（单位：万元）").text == "(一)予以公开(单位:万元)"


def test_full_width_digits_spaces_and_replacement_marks() -> None:
    norm = normalize("规章\u3000１２\u00a0|\n? 0 |")
    assert norm.text == "规章 12 |\n  0 |"
    assert len(norm.offsets) == len(norm.text) + 1


def test_page_footers_are_dropped() -> None:
    source = "行政处罚 12\n- 4 -\n行政强制 3\n第 5 页 共 9 页\n"
    norm = normalize(source)
    assert norm.text == "行政处罚 12\n行政强制 3\n"
    j = norm.text.index("行政强制")
    assert source[norm.source_span(j, j + 4).start :].startswith("行政强制")


def test_crlf_collapses_to_one_line_break() -> None:
    norm = normalize("a\r\nb")
    assert norm.text == "a\nb"
    assert norm.source_span(2, 3).start == 3


def test_traditional_to_simplified_keeps_length() -> None:
    text = "政府信息公開工作年度報告,臺灣,著作權"
    assert len(to_simplified(text)) == len(text)
    assert to_simplified("政府信息公開") == "政府信息公开"
