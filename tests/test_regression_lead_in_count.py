"""Regression: the harness's count of headings and lead-ins shipped as items missed a lead-in announcing a
numbered set of measures (`将从以下三个方面进一步改进`, `下阶段我镇将从以下三方面`); it knew only `以下几个方面`.
Recounted over the stored first looks, it finds three that had shipped (U2, U6, U51), all since fixed."""

from __future__ import annotations

from extractor.evals.faithfulness import measure
from extractor.models import ReportMeta, SourceInfo, Tables
from extractor.narrative.schema import Evidence, Item, NarrativeFacts
from extractor.report import ExtractedReport


def _report(quotes: list[str]) -> ExtractedReport:
    items = [Item(text=q, evidence=Evidence(quote=q, start=0, end=len(q))) for q in quotes]
    return ExtractedReport(
        source=SourceInfo(path="x.txt", format="txt", encoding="utf-8", sha256="0" * 64, chars=100),
        meta=ReportMeta(), tables=Tables(), narrative=NarrativeFacts(prompt="narrative@v2", model="m", improvements=items),
    )


def test_a_lead_in_announcing_a_numbered_set_of_measures_counts() -> None:
    leads = ["结合工作中存在问题和不足,将从以下三个方面进一步改进", "下阶段我镇将从以下三方面", "我镇将从以下方面进一步推进"]
    assert measure(_report(leads)).headings_shipped == 3
    assert measure(_report(["进一步丰富公开形式,提升公开效果"])).headings_shipped == 0
