from extractor.checks import application_checks, previous_year_checks, review_checks
from extractor.models import Tables
from extractor.tables.spec import APPLICATION_COLUMNS, APPLICATION_ROWS


def _apps(values: dict[str, list[int | None]]) -> dict:
    return {row: dict(zip(APPLICATION_COLUMNS, cells, strict=True)) for row, cells in values.items()}


def _zero_table() -> dict:
    return _apps({row: [0] * 7 for row in APPLICATION_ROWS["2021"]})


def test_row_total_failure_reports_expected_and_printed() -> None:
    apps = _zero_table()
    apps["new_received"].update(natural_person=13, total=0)
    findings = {f.id: f for f in application_checks(apps, "2021")}
    rule = findings["applications.new_received.total"]
    assert (rule.passed, rule.expected, rule.printed) == (False, 13, 0)
    assert "applications.new_received.natural_person" in rule.cells
    assert findings["applications.balance.natural_person"].passed is False


def test_blank_total_is_not_applicable_and_blank_addends_count_as_zero() -> None:
    apps = _zero_table()
    apps["granted"] = dict.fromkeys(APPLICATION_COLUMNS)
    apps["granted"]["natural_person"] = 18
    apps["carried_over"].update(commercial=None, natural_person=5, total=5)
    findings = {f.id: f for f in application_checks(apps, "2021")}
    assert findings["applications.granted.total"].passed is None
    assert findings["applications.carried_over.total"].passed is True


def test_outcome_rows_sum_to_total_processed() -> None:
    apps = _zero_table()
    apps["granted"].update(natural_person=4, total=4)
    apps["other_other"].update(natural_person=1, total=1)
    apps["total_processed"].update(natural_person=4, total=4)
    findings = {f.id: f for f in application_checks(apps, "2021")}
    assert findings["applications.total_processed.natural_person"].passed is False
    assert findings["applications.total_processed.natural_person"].expected == 5


def test_review_group_totals() -> None:
    review = {
        "review": {"upheld": 1, "corrected": 0, "other": 2, "pending": 0, "total": 3},
        "litigation_direct": {"upheld": None, "corrected": 1, "other": 2, "pending": 0, "total": 4},
        "litigation_after_review": dict.fromkeys(("upheld", "corrected", "other", "pending", "total")),
    }
    result = {f.id: f.passed for f in review_checks(review)}
    assert result == {
        "review_litigation.review.total": True,
        "review_litigation.litigation_direct.total": False,
        "review_litigation.litigation_after_review.total": None,
    }


def test_previous_year_carry_over_and_in_force_hint() -> None:
    now = Tables(
        proactive={"normative_documents": {"issued": 5, "repealed": 2, "in_force": 30}},
        applications=_apps({"carried_over": [3, 0, 0, 0, 0, 0, 3]}),
    )
    before = Tables(
        proactive={"normative_documents": {"issued": 1, "repealed": 0, "in_force": 27}},
        applications=_apps({"carried_forward": [2, 0, 0, 0, 0, 0, 2]}),
    )
    findings = {f.id: f for f in previous_year_checks(now, before, "2021", "2021")}
    assert findings["previous_year.carried_over.total"].passed is False
    assert findings["previous_year.carried_over.commercial"].passed is True
    assert findings["previous_year.normative_documents.in_force"].passed is True
