"""Regression: the scorer missed a zero statement whose printed words name its quantity unlike the label
(未对任何公民、法人和组织收取任何费用 predicted as "对任何公民…收取任何费用 = 0元", labeled "政府信息公开收费 = 0元"):
the names share too few characters, though both quote the same negation about the same quantity of labeling
rule 4. 16 of the 78 count misses left over all sets were such pairs; two zeros at the same place about the
same quantity now match."""

from __future__ import annotations

from extractor.evals.matching import CountKey, same_zero, zero_topic


def test_zero_topics() -> None:
    assert zero_topic("政府信息公开收费") == zero_topic("对任何公民、法人和组织收取任何费用") == "fee"
    assert zero_topic("收到政府信息公开申请") == zero_topic("接获公民或法人的依申请公开诉求") == "application"
    assert zero_topic("行政复议申请") == "review" and zero_topic("向申请人收取费用") == "fee"
    assert zero_topic("行政复议、行政诉讼") is None and zero_topic("主动公开政府信息") is None


def test_two_zeros_at_one_place_about_one_quantity_match() -> None:
    gold = CountKey("政府信息公开收费", 0, "元")
    assert same_zero(gold, CountKey("对任何公民、法人和组织收取任何费用", 0, "元"), overlap=100.0)
    assert not same_zero(gold, CountKey("对任何公民、法人和组织收取任何费用", 0, "元"), overlap=0.0)  # elsewhere
    assert not same_zero(gold, CountKey("收到依申请公开件", 0, "件"), overlap=100.0)  # another quantity
    assert not same_zero(CountKey("政府信息公开收费", 5, "元"), CountKey("收取费用", 5, "元"), overlap=100.0)  # no zeros
