"""The data dictionary: every key a program reads, with the official Chinese label a person reads.

One source for every label shown to people: the CSV headers and the Excel workbook of a batch, the review
UI's table grid, the finding messages, the digest and the notebook.  Programs keep the keys (JSON, Parquet);
``data_dictionary.csv`` (written into every batch output, and ``docs/data_dictionary.csv``) maps one to the
other.

* **Table cells** (``applications.new_received.natural_person``): the table, the row and column keys of
  ``docs``/``spec/tables.md`` with the labels the official templates print (国办公开办函〔2021〕30号 and
  〔2019〕60号), the unit, the templates that have the cell, and the header levels of the Excel sheets
  (two or three rows, as the template prints them: 表三's 申请人情况 over 法人或其他组织 over 商业企业).
* **Output fields** (``facts.kind``, ``findings.rule``, ``digest.applications.new_received`` …): the columns
  of the batch's files.
* **Values** of the small vocabularies shown in those columns (fact kinds, count categories, work kinds).

A label is unique within its file, so a CSV header names one key.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from extractor.tables.spec import (
    APPLICATION_COLUMNS,
    APPLICATION_ROWS,
    PROACTIVE_ROWS,
    REVIEW_CELLS,
    REVIEW_GROUPS,
)

TEMPLATES = ("2021", "2019")
TEMPLATE_LABELS = {
    "2021": "2021年版（国办公开办函〔2021〕30号）",
    "2019": "2019年版（国办公开办函〔2019〕60号）",
    "legacy": "2019年以前的统计表",
    "unknown": "未识别",
}
TABLE_LABELS = {
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}
TABLE_SHORT = {"proactive": "表二", "applications": "表三", "review_litigation": "表四"}

# -- table 二 ---------------------------------------------------------------------------------------
# (row key, printed row label) per template, in printed order; the column labels come from spec.PROACTIVE_ROWS
_PROACTIVE_ROW_LABELS: dict[str, dict[str, str]] = {
    "2021": {
        "regulations": "规章", "normative_documents": "行政规范性文件", "licensing": "行政许可",
        "punishment": "行政处罚", "coercion": "行政强制", "fees": "行政事业性收费",
    },
    "2019": {
        "regulations": "规章", "normative_documents": "规范性文件", "licensing": "行政许可",
        "other_services": "其他对外管理服务事项", "punishment": "行政处罚", "coercion": "行政强制",
        "fees": "行政事业性收费", "procurement": "政府集中采购",
    },
}
_PROACTIVE_UNITS = {
    "issued": "件", "repealed": "件", "in_force": "件", "made": "件", "published": "件", "total_published": "件",
    "decisions": "件", "previous_items": "项", "change": "项", "items": "项", "amount": "万元",
}

# -- table 三 ---------------------------------------------------------------------------------------
APPLICATION_COLUMN_LABELS = {
    "natural_person": "自然人", "commercial": "商业企业", "research": "科研机构", "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构", "other_org": "其他", "total": "总计",
}
_LEGAL_PERSONS = "法人或其他组织"
APPLICATION_ROW_LABELS: dict[str, str] = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partially_granted": "（二）部分公开",
    "denied_state_secret": "（三）不予公开 1.属于国家秘密",
    "denied_prohibited_by_law": "（三）不予公开 2.其他法律行政法规禁止公开",
    "denied_three_safeties": "（三）不予公开 3.危及“三安全一稳定”",
    "denied_third_party": "（三）不予公开 4.保护第三方合法权益",
    "denied_internal_affairs": "（三）不予公开 5.属于三类内部事务信息",
    "denied_process_info": "（三）不予公开 6.属于四类过程性信息",
    "denied_enforcement_files": "（三）不予公开 7.属于行政执法案卷",
    "denied_inquiry": "（三）不予公开 8.属于行政查询事项",
    "unable_not_held": "（四）无法提供 1.本机关不掌握相关政府信息",
    "unable_needs_creation": "（四）无法提供 2.没有现成信息需要另行制作",
    "unable_unclear": "（四）无法提供 3.补正后申请内容仍不明确",
    "not_processed_complaint": "（五）不予处理 1.信访举报投诉类申请",
    "not_processed_duplicate": "（五）不予处理 2.重复申请",
    "not_processed_publication": "（五）不予处理 3.要求提供公开出版物",
    "not_processed_excessive": "（五）不予处理 4.无正当理由大量反复申请",
    "not_processed_confirmation": "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    "other_overdue_correction": "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_unpaid_fee": "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_other": "（六）其他处理 3.其他",
    "other": "（六）其他处理",
    "total_processed": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
# what a person calls the row in a sentence (finding messages, the digest)
APPLICATION_ROW_SHORT: dict[str, str] = {
    "new_received": "本年新收", "carried_over": "上年结转", "total_processed": "办理结果总计",
    "carried_forward": "结转下年度继续办理", "granted": "予以公开", "partially_granted": "部分公开",
}

# -- table 四 ---------------------------------------------------------------------------------------
REVIEW_GROUP_LABELS = {
    "review": "行政复议", "litigation_direct": "行政诉讼（未经复议直接起诉）",
    "litigation_after_review": "行政诉讼（复议后起诉）",
}
_REVIEW_GROUP_HEADER = {
    "review": ("行政复议", None), "litigation_direct": ("行政诉讼", "未经复议直接起诉"),
    "litigation_after_review": ("行政诉讼", "复议后起诉"),
}
REVIEW_CELL_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}


@dataclass(frozen=True)
class Entry:
    """One key of the dictionary."""

    key: str
    label: str  # unique within ``file``: the CSV header, the Excel column a person reads
    file: str  # tables, facts, findings, digest, trends, themes, review_status, reports
    description: str = ""
    unit: str | None = None
    table: str | None = None
    row: str | None = None
    row_label: str | None = None
    column: str | None = None
    column_label: str | None = None
    templates: tuple[str, ...] = ()
    header: tuple[str | None, ...] = ()  # Excel header levels, top first; None: merged with the level above


def _cell(table: str, row: str, column: str, row_label: str, column_label: str, unit: str | None,
          templates: tuple[str, ...], header: tuple[str | None, ...], description: str = "") -> Entry:
    return Entry(
        key=f"{table}.{row}.{column}", label=f"{TABLE_SHORT[table]} {row_label}·{column_label}", file="tables",
        description=description or f"{TABLE_LABELS[table]}：{row_label}，{column_label}", unit=unit, table=table,
        row=row, row_label=row_label, column=column, column_label=column_label, templates=templates, header=header,
    )


def _money(label: str) -> str:
    return label.replace("(单位:万元)", "（万元）") if "万元" in label else f"{label}（万元）"


@lru_cache(maxsize=1)
def _proactive_printed() -> dict[tuple[str, str, str], tuple[str, str]]:
    """(template, row, cell) -> the row and column labels that template prints."""
    out: dict[tuple[str, str, str], tuple[str, str]] = {}
    for template in TEMPLATES:
        for row, cells, printed in PROACTIVE_ROWS[template]:
            for cell, label in zip(cells, printed, strict=True):
                out[template, row, cell] = (_PROACTIVE_ROW_LABELS[template][row], _money(label) if cell == "amount" else label)
    return out


@lru_cache(maxsize=1)
def cell_entries() -> tuple[Entry, ...]:
    """Every standard cell of tables 二/三/四 (both templates), in the order of ``tables.csv``."""
    out: dict[str, Entry] = {}
    for (template, row, cell), (row_label, column_label) in _proactive_printed().items():
        key = f"proactive.{row}.{cell}"
        if key in out:
            out[key] = _with_template(out[key], template)
            continue
        out[key] = _cell("proactive", row, cell, row_label, column_label, _PROACTIVE_UNITS.get(cell), (template,),
                         (row_label, column_label))
    for template in TEMPLATES:
        for row in APPLICATION_ROWS[template]:
            for column in APPLICATION_COLUMNS:
                key = f"applications.{row}.{column}"
                if key in out:
                    out[key] = _with_template(out[key], template)
                    continue
                label = APPLICATION_COLUMN_LABELS[column]
                group = _LEGAL_PERSONS if column not in ("natural_person", "total") else None
                header = (APPLICATION_ROW_LABELS[row], group, label) if group else (APPLICATION_ROW_LABELS[row], label, None)
                out[key] = _cell("applications", row, column, APPLICATION_ROW_LABELS[row], label, "件", (template,), header)
    for group in REVIEW_GROUPS:
        top, sub = _REVIEW_GROUP_HEADER[group]
        for cell in REVIEW_CELLS:
            label = REVIEW_CELL_LABELS[cell]
            header = (top, sub, label) if sub else (top, label, None)
            out[f"review_litigation.{group}.{cell}"] = _cell(
                "review_litigation", group, cell, REVIEW_GROUP_LABELS[group], label, "件", TEMPLATES, header)
    return tuple(out.values())


def _with_template(entry: Entry, template: str) -> Entry:
    return Entry(**{**entry.__dict__, "templates": (*entry.templates, template)})


@lru_cache(maxsize=1)
def _cells_by_key() -> dict[str, Entry]:
    return {e.key: e for e in cell_entries()}


def cell_entry(key: str) -> Entry | None:
    """The entry of a cell path (``applications.granted.total``), None for a key outside the standard tables."""
    return _cells_by_key().get(key)


def cell_label(table: str, row: str, column: str) -> str:
    """What a person reads for a cell: ``表三 （一）予以公开·总计``; a local row (``extra_rows.<label>``) as printed."""
    entry = cell_entry(f"{table}.{row}.{column}")
    if entry is not None:
        return entry.label
    if row.startswith("extra_rows."):
        return f"{TABLE_SHORT.get(table, table)} {row.removeprefix('extra_rows.')}·{column}"
    return f"{TABLE_SHORT.get(table, table)} {row}·{column}"


def row_label(table: str, row: str) -> str:
    if table == "applications":
        return APPLICATION_ROW_LABELS.get(row, row)
    if table == "review_litigation":
        return REVIEW_GROUP_LABELS.get(row, row)
    for labels in _PROACTIVE_ROW_LABELS.values():
        if row in labels:
            return labels[row]
    return row.removeprefix("extra_rows.")


def column_label(table: str, column: str, row: str | None = None) -> str:
    if table == "applications":
        return APPLICATION_COLUMN_LABELS.get(column, column)
    if table == "review_litigation":
        return REVIEW_CELL_LABELS.get(column, column)
    if row is not None and (entry := cell_entry(f"{table}.{row}.{column}")) is not None and entry.column_label:
        return entry.column_label
    for entry in cell_entries():
        if entry.table == table and entry.column == column and entry.column_label:
            return entry.column_label
    return column


def sheet_cells(table: str) -> list[tuple[str | None, Entry]]:
    """The columns of a table's Excel sheet, with the template block each belongs to.

    Table 二 differs between the templates, so its sheet has a block per template (a cell both templates
    print appears in both; a report fills the block of its template).  Tables 三 and 四 have one block."""
    if table != "proactive":
        return [(None, e) for e in cell_entries() if e.table == table]
    return [(template, _cells_by_key()[f"proactive.{row}.{cell}"]) for template, row, cell in _proactive_printed()]


def sheet_header(template: str | None, entry: Entry) -> tuple[str | None, ...]:
    """The header levels of a column of a table's sheet (table 二: the template block on top)."""
    if template is not None and entry.row is not None and entry.column is not None:
        row, column = _proactive_printed()[template, entry.row, entry.column]
        return (TEMPLATE_LABELS[template], row, column)
    return entry.header


# -- output fields and values ---------------------------------------------------------------------
_COMMON = {
    "path": ("文件", "the report file (absolute path)"),
    "status": ("处理状态", "done, partial (some narrative chunk had no LLM answer: rules used), failed, pending"),
    "error": ("错误", ""),
    "sha256": ("文件SHA-256", "sha256 of the file bytes"),
    "format": ("文件格式", "txt, html, docx, pdf"),
    "issuing_body": ("发布机关", "as the report names itself"),
    "year": ("年度", "the reporting year (统计年度)"),
    "template": ("表格版本", "2021, 2019, legacy, unknown"),
}
FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "reports": {
        **_COMMON,
        "tables_found": ("读到的表格数", "tables 二/三/四 found (0-3)"),
        "facts": ("叙述事实数", ""), "problems": ("问题数", ""),
        "checks_failed": ("未通过的校验数", ""), "checks_passed": ("通过的校验数", ""),
        "llm_errors": ("模型错误数", "narrative chunks without an LLM answer"),
        "model": ("模型", ""), "prompt": ("提示词版本", ""),
        "input_tokens": ("输入词元", ""), "output_tokens": ("输出词元", ""), "calls": ("模型调用次数", ""),
        "reasks": ("重问次数", ""), "transient_retries": ("临时错误重试次数", ""),
        "cached_chunks": ("缓存命中次数", ""), "seconds": ("用时（秒）", ""), "llm_seconds": ("模型用时（秒）", ""),
        "report_json": ("报告JSON", "the nianbao extract --json object"),
    },
    "facts": {
        "path": _COMMON["path"], "issuing_body": _COMMON["issuing_body"], "year": _COMMON["year"],
        "kind": ("类型", "count, platform_work, oversight, problem, improvement"),
        "category": ("类别", "count category, work kind, or problem/improvement"),
        "section": ("所在部分", "section key of the report"),
        "quantity": ("统计项", "what is counted, in the report's words"),
        "channel": ("发布渠道", ""), "value": ("数值", "normalized (1.2万 → 12000)"), "unit": ("单位", ""),
        "raw": ("原文数字", "the number as printed"), "approximate": ("约数", "余/多/近/约"),
        "table_cell": ("对应表格单元格", "the table cell the figure restates (rule 5)"),
        "text": ("内容", "short text of a work item, problem or improvement"),
        "theme": ("主题", "problems and improvements: the theme of the codebook (extractor/narrative/themes.py)"),
        "method": ("判定方式", "llm, rules, or human (added by a reviewer)"),
        "text_from": ("内容来源", "source: the report's own words; llm: a model paraphrase its quote supports"),
        "quote": ("原文", "the exact quote: source_text[start:end]"),
        "start": ("起始位置", "offset in the source text"), "end": ("结束位置", "offset (exclusive)"),
        "review": ("审核", "reviewed outputs: accepted, corrected, added, undecided"),
    },
    "findings": {
        "path": _COMMON["path"], "issuing_body": _COMMON["issuing_body"], "year": _COMMON["year"],
        "template": _COMMON["template"],
        "rule": ("规则", "1-6 (勾稽关系 of the data dictionary)"), "rule_name": ("规则名称", ""),
        "id": ("校验编号", "the check id (applications.balance.total …)"),
        "expected": ("应为", ""), "printed": ("报告所印", ""),
        "cells": ("涉及单元格", "cell keys joined by '; '"), "message": ("说明", ""),
        "review": ("审核", "reviewed outputs: confirmed (the report prints it so), or empty"),
    },
    "tables": {
        **{k: _COMMON[k] for k in ("path", "status", "error", "sha256", "issuing_body", "year", "template")},
        "checks_failed": ("未通过的校验数", ""),
        "confidence.proactive": ("表二可信度", "share of cells read without a doubt flag × share of rules 1-4 that hold"),
        "confidence.applications": ("表三可信度", ""),
        "confidence.review_litigation": ("表四可信度", ""),
        "confidence.min": ("最低可信度", "sort by it to review the weakest tables first"),
        "proactive.extra_rows": ("表二 地方增列行（JSON）", "local rows of table 二: {label: {column label: value}}"),
        "other_cells": ("其他单元格（JSON）", "cells outside the standard tables"),
    },
    "digest": {
        "path": _COMMON["path"], "issuing_body": _COMMON["issuing_body"], "year": _COMMON["year"],
        "template": _COMMON["template"], "lines": ("摘要", "the digest as a person reads it (one line each)"),
    },
    "trends": {
        "body": ("机关", "the issuing body (the name of its latest report)"),
        "body_key": ("机关归并名", "the normalized name reports are grouped by"),
        "issuing_body": ("报告所署机关", "the name this year's report prints"),
        "year": _COMMON["year"], "path": _COMMON["path"], "template": _COMMON["template"],
        "previous_year": ("上一份报告年度", "the year of the body's previous report in the batch"),
        "carry_over": ("上年结转衔接", "相符 / 不符 / 无法判断 / 无上年报告 (rule 6)"),
        "breaks": ("断点", "carry-over mismatches, vanished tables, jumps beyond the threshold"),
    },
    "themes": {
        "theme": ("主题", ""), "theme_key": ("主题键", ""), "kind": ("类型", "problem or improvement"),
        "issuing_body": _COMMON["issuing_body"], "year": _COMMON["year"],
        "items": ("条数", "problems (or improvements) of this theme"), "reports": ("报告数", ""),
    },
    "theme_summary": {
        "theme": ("主题", ""), "theme_key": ("主题键", ""),
        "problems": ("问题条数", ""), "problem_reports": ("承认该类问题的报告数", ""),
        "improvements": ("改进措施条数", ""), "improvement_reports": ("承诺该类改进的报告数", ""),
        "followed": ("承认后次年有报告", "admitted by a body whose next year's report is in the batch"),
        "repeated": ("次年再次承认", "of those, how many admit the same theme again the next year"),
    },
    "review_status": {
        "path": _COMMON["path"], "issuing_body": _COMMON["issuing_body"], "year": _COMMON["year"],
        "facts": ("事实数", "extracted facts"), "facts_decided": ("已审事实数", ""),
        "cells_flagged": ("待查单元格数", "cells the parser flagged"), "cells_decided": ("已审单元格数", "confirmed or corrected"),
        "checks_failed": ("未通过校验数", "failed 勾稽 checks (rules 1-4, 6)"),
        "checks_decided": ("已审校验数", "confirmed, or a cell of it corrected"),
        "marked_done": ("标记完成", "a reviewer marked the report done"),
        "status": ("审核状态", "done, in progress, to review"), "reviewers": ("审核人", ""),
    },
}
# figures of the digest, of trends.csv and of the workbook: key -> (label, unit)
FIGURES: dict[str, tuple[str, str | None]] = {
    "proactive.total": ("主动公开信息", None),
    "applications.new_received": ("本年新收政府信息公开申请", "件"),
    "applications.carried_over": ("上年结转政府信息公开申请", "件"),
    "applications.granted": ("予以公开", "件"),
    "applications.partially_granted": ("部分公开", "件"),
    "applications.total_processed": ("办理结果总计", "件"),
    "applications.carried_forward": ("结转下年度继续办理", "件"),
    "review_litigation.review": ("行政复议", "件"),
    "review_litigation.litigation": ("行政诉讼", "件"),
    "fees": ("信息处理费", None),
    "checks.failed": ("未通过的勾稽校验", "项"),
    "narrative.problems": ("问题", "条"),
    "narrative.improvements": ("改进措施", "条"),
}
# values shown in people's files
VALUE_LABELS: dict[str, dict[str, str]] = {
    "kind": {"count": "数字", "platform_work": "平台建设", "oversight": "监督保障", "problem": "存在问题",
             "improvement": "改进措施"},
    "category": {
        "proactive": "主动公开", "application": "依申请公开", "review_litigation": "复议诉讼", "platform": "平台数字",
        "oversight": "监督保障数字", "fee": "收费", "other": "其他数字",
        "website": "网站", "new_media": "政务新媒体", "gazette": "政府公报", "hotline": "热线", "intensive": "集约化",
        "accessibility": "适老化与无障碍", "redesign": "改版", "open_day": "开放日", "training": "培训",
        "assessment": "考核评议", "accountability": "问责整改", "system": "信息系统",
        "problem": "存在问题", "improvement": "改进措施",
    },
    "method": {"llm": "模型", "rules": "规则", "classifier": "分类器", "human": "审核人"},
    "status": {"done": "完成", "partial": "部分（规则补足）", "failed": "失败", "pending": "待处理", "submitted": "已提交",
               "in progress": "审核中", "to review": "待审核"},
    "review": {"accepted": "已确认", "corrected": "已更正", "added": "审核人新增", "undecided": "未审",
               "confirmed": "已确认"},
}
RULE_NAMES = {
    "1": "申请数量平衡（新收+上年结转 = 办理结果总计+结转下年度）",
    "2": "申请行合计（各类申请人之和 = 总计）",
    "3": "办理结果合计（各办理结果之和 = 总计）",
    "4": "复议诉讼合计（各结果之和 = 总计）",
    "5": "正文数字与表格一致",
    "6": "与上年报告衔接",
}


def figure_label(key: str, *, unit: bool = True) -> str:
    label, u = FIGURES.get(key, (key, None))
    return f"{label}（{u}）" if unit and u else label


def field_label(file: str, key: str) -> str:
    """The header of a column of an output file (a table cell, a digest figure, or a field)."""
    fields = FIELDS.get(file, {})
    if key in fields:
        return fields[key][0]
    if (entry := cell_entry(key)) is not None:
        return entry.label
    if key in FIGURES:
        return figure_label(key)
    if key.startswith("change."):
        return f"较上年增减：{figure_label(key.removeprefix('change.'))}"
    return key


def value_label(field: str, value: object) -> object:
    """A value as people read it (``problem`` → 存在问题); values outside the vocabulary as they are."""
    if isinstance(value, str):
        return VALUE_LABELS.get(field, {}).get(value, value)
    return value


def headers(file: str, keys: Sequence[str]) -> list[str]:
    """The Chinese header of each key (unique: a clash keeps the key in brackets)."""
    labels = [field_label(file, k) for k in keys]
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    return [f"{label} [{key}]" if seen[label] > 1 else label for label, key in zip(labels, keys, strict=True)]


def dictionary_entries(files: Mapping[str, Sequence[str]], extra_values: Iterable[tuple[str, str, str]] = ()) -> Iterator[Entry]:
    """Every column of every output file (``files``: file name -> its keys, in order) with the label its CSV
    header and Excel column show, then the values of the vocabularies (``extra_values``: (field, key, label)
    of vocabularies defined in higher layers, e.g. the themes) and the rule names."""
    for file, keys in files.items():
        for key, label in zip(keys, headers(file, keys), strict=True):
            cell = cell_entry(key)
            if cell is not None:
                yield Entry(**{**cell.__dict__, "label": label, "file": file})
                continue
            description = FIELDS.get(file, {}).get(key, ("", ""))[1]
            figure = key.removeprefix("change.")
            unit = FIGURES[figure][1] if figure in FIGURES else None
            if figure in FIGURES and not description:
                description = ("change from the year before: " if key.startswith("change.") else "") + (
                    "a blank 总计 counts as the sum of the printed cells, as the checks count it")
            yield Entry(key=key, label=label, file=file, description=description, unit=unit)
    for field, values in VALUE_LABELS.items():
        for key, label in values.items():
            yield Entry(key=key, label=label, file=f"values:{field}")
    for field, key, label in extra_values:
        yield Entry(key=key, label=label, file=f"values:{field}")
    for rule, name in RULE_NAMES.items():
        yield Entry(key=rule, label=name, file="values:rule")


DICTIONARY_COLUMNS = ("key", "label", "file", "table", "row", "row_label", "column", "column_label", "unit",
                      "templates", "description")


def dictionary_csv(files: Mapping[str, Sequence[str]], extra_values: Iterable[tuple[str, str, str]] = ()) -> str:
    """``data_dictionary.csv``: one row per column of each output file, then per value (UTF-8; the caller adds
    the BOM for Excel).  A program reading ``NAME.csv`` renames its headers with the rows whose ``file`` is NAME."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DICTIONARY_COLUMNS)
    for e in dictionary_entries(files, extra_values):
        writer.writerow([e.key, e.label, e.file, e.table or "", e.row or "", e.row_label or "", e.column or "",
                         e.column_label or "", e.unit or "", " ".join(e.templates), e.description])
    return buffer.getvalue()
