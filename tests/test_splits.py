from extractor.tables.splits import candidate_splits, parse_number


def _texts(cands):
    return sorted("|".join(p.text for p in c) for c in cands)


def test_every_split_without_leading_zeros() -> None:
    cands = candidate_splits(("107105",), 3, signed=(False,) * 3, decimal=(False,) * 3)
    assert _texts(cands) == sorted(["1|0|7105", "10|7|105", "10|710|5", "107|10|5", "1071|0|5"])


def test_runs_keep_their_own_cells_and_signs() -> None:
    cands = candidate_splits(("2648", "-18538"), 3, signed=(False, True, False), decimal=(False,) * 3)
    assert _texts(cands) == sorted(["2648|-1|8538", "2648|-18|538", "2648|-185|38", "2648|-1853|8"])


def test_decimal_and_unit_stay_in_the_last_cell() -> None:
    cands = candidate_splits(("39573802895.90元",), 2, signed=(False, False), decimal=(False, True))
    assert "395|73802895.90元" in _texts(cands)
    assert all(p.text.endswith("元") for c in cands for p in c[1:])


def test_no_split_when_width_cannot_be_reached() -> None:
    assert candidate_splits(("12",), 3, signed=(False,) * 3, decimal=(False,) * 3) == ()


def test_money_is_in_wan_yuan() -> None:
    assert parse_number("9038万", money=True) == 9038
    assert parse_number("251000元", money=True) == 25.1
    assert parse_number("73802895.90元", money=True) == 7380.28959
    assert parse_number("24252.311082", money=True) == 24252.311082
    assert parse_number("+3") == 3
    assert parse_number("-15") == -15
    assert parse_number("") is None
