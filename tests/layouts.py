"""Render gold tables into every layout class real reports use, to test the parser beyond the corpus.

Two entry points:

* :func:`render_report` (kept for the older tests): a small synthetic report with the given tables
  printed in one of the seven base :data:`LAYOUTS`.
* :func:`render` : one gold report of ``evals/gold`` rendered in one layout **class** of
  :data:`CLASSES`. The report's own text is kept around the tables (its narrative is evidence the
  parser may use), and the three table sections are replaced by the rendering. The result carries
  the cells the parser must read (the gold cells, transformed where the class changes them: a blank
  printed for a zero, the single (六)其他处理 row). Classes are the seven base layouts, the eight
  layouts of issue 12, real files (HTML, Word via python-docx, PDF via reportlab read back by
  pdfplumber) and random combinations (blank cells, page footers inside a table, a typo in a
  title, Traditional script).

``python -m tests.layouts`` prints the figure per class (cells exact, flagged, silently wrong).
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import random
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.tables.spec import (
    APPLICATION_COLUMNS,
    APPLICATION_ROWS,
    PROACTIVE_ROWS,
    REVIEW_CELLS,
    REVIEW_GROUPS,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "evals" / "gold"
REPORTS_DIR = ROOT / "evals" / "reports"

APP_LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "(一)予以公开",
    "partially_granted": "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
    "denied_state_secret": "1.属于国家秘密",
    "denied_prohibited_by_law": "2.其他法律行政法规禁止公开",
    "denied_three_safeties": "3.危及“三安全一稳定”",
    "denied_third_party": "4.保护第三方合法权益",
    "denied_internal_affairs": "5.属于三类内部事务信息",
    "denied_process_info": "6.属于四类过程性信息",
    "denied_enforcement_files": "7.属于行政执法案卷",
    "denied_inquiry": "8.属于行政查询事项",
    "unable_not_held": "1.本机关不掌握相关政府信息",
    "unable_needs_creation": "2.没有现成信息需要另行制作",
    "unable_unclear": "3.补正后申请内容仍不明确",
    "not_processed_complaint": "1.信访举报投诉类申请",
    "not_processed_duplicate": "2.重复申请",
    "not_processed_publication": "3.要求提供公开出版物",
    "not_processed_excessive": "4.无正当理由大量反复申请",
    "not_processed_confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other_overdue_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_other": "3.其他",
    "other": "(六)其他处理",
    "total_processed": "(七)总计",
    "carried_forward": "四、结转下年度继续办理",
}
# The labels without the group heading a rowspan cell prints once (the official HTML table).
_APP_GROUPS = (
    ("(三)不予公开", ("denied_",)),
    ("(四)无法提供", ("unable_",)),
    ("(五)不予处理", ("not_processed_",)),
    ("(六)其他处理", ("other_overdue_correction", "other_unpaid_fee", "other_other")),
)
PRO_LABELS = {
    "regulations": "规章",
    "normative_documents": "行政规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "punishment": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
}
_PRO_LABELS_2019 = {**PRO_LABELS, "normative_documents": "规范性文件"}
# The 第二十条 items of table 二 and the rows under each.
_PRO_ITEMS = {
    "2021": (("第二十条第(一)项", ("regulations", "normative_documents")), ("第二十条第(五)项", ("licensing",)),
             ("第二十条第(六)项", ("punishment", "coercion")), ("第二十条第(八)项", ("fees",))),
    "2019": (("第二十条第(一)项", ("regulations", "normative_documents")), ("第二十条第(五)项", ("licensing", "other_services")),
             ("第二十条第(六)项", ("punishment", "coercion")), ("第二十条第(八)项", ("fees",)),
             ("第二十条第(九)项", ("procurement",))),
}  # fmt: skip
_PRO_HEADERS = {
    ("2021", "fees"): ("本年收费金额(单位:万元)",),
    ("2019", "procurement"): ("采购项目数量", "采购总金额"),
}
APP_HEADER = ("自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
REVIEW_HEADER = ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉")
_REVIEW_CELL_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_REVIEW_GROUP_LABELS = ("行政复议", "行政诉讼(未经复议直接起诉)", "行政诉讼(复议后起诉)")
_BALANCE_NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"

TITLES = ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况")
_HEAD = "某某区人民政府办公室2022年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开政府信息120条。\n"
_TAIL = "五、存在的主要问题及改进情况\n一是公开不够及时。\n六、其他需要报告的事项\n无。\n"

# ---------------------------------------------------------------- the seven base layouts

LAYOUTS = ("pipe_rows", "cell_per_line", "blank_lines", "tabs", "markdown", "pdf_spaces", "squashed")
_BLANK = {
    "pipe_rows": "", "cell_per_line": "", "blank_lines": " ", "tabs": " ", "markdown": "", "pdf_spaces": "—",
    "squashed": "", "tab_fields": "",
}  # fmt: skip


def _fmt(value: float | int | None, *, money: bool = False) -> str | None:
    if value is None:
        return None
    text = str(int(value)) if float(value).is_integer() else str(value)
    return text + "万" if money and "." not in text else text


def _money(template: str, key: str, col: str) -> bool:
    return template == "2019" and key in ("fees", "procurement") and col == "amount"


Row = tuple[str, list["str | None"]]


def _pro_rows(template: str, tables: dict) -> tuple[list[Row], list[int]]:
    """Table 二 as printed: per 第二十条 item, the item line, the header row and the data rows;
    and the indices of the data rows."""
    proactive = tables.get("proactive") or {}
    labels = _PRO_LABELS_2019 if template == "2019" else PRO_LABELS
    spec = {key: (cols, heads) for key, cols, heads in PROACTIVE_ROWS[template]}
    rows: list[Row] = []
    data: list[int] = []
    for item, keys in _PRO_ITEMS[template]:
        keys = tuple(k for k in keys if k in proactive)
        if not keys:
            continue
        cols, heads = spec[keys[0]]
        rows.append((item, []))
        rows.append(("信息内容", list(_PRO_HEADERS.get((template, keys[0]), heads))))
        for key in keys:
            data.append(len(rows))
            rows.append((labels[key], [_fmt(proactive[key][c], money=_money(template, key, c)) for c in cols]))
            if key == "normative_documents":
                for label, cells in (proactive.get("extra_rows") or {}).items():
                    data.append(len(rows))
                    rows.append((label, [_fmt(v) for v in cells.values()]))
    return rows, data


def _app_keys(template: str, apps: dict) -> list[str]:
    return [k for k in dict.fromkeys((*APPLICATION_ROWS[template], "other")) if k in apps]


def _rows(template: str, tables: dict) -> tuple[list[Row], list[Row], list[Row]]:
    pro = _pro_rows(template, tables)[0]
    apps = tables.get("applications") or {}
    app_rows: list[Row] = [(APP_LABELS[k], [_fmt(apps[k][c]) for c in APPLICATION_COLUMNS]) for k in _app_keys(template, apps)]
    review = tables.get("review_litigation")
    review_rows: list[Row] = [("", [_fmt(review[g][c]) for g in REVIEW_GROUPS for c in REVIEW_CELLS])] if review else []
    return pro, app_rows, review_rows


def _render_rows(rows: list[Row], layout: str) -> str:
    blank = _BLANK[layout]
    out = []
    for label, cells in rows:
        values = [blank if v is None else v for v in cells]
        parts = [label, *values] if label else values
        if layout == "pipe_rows":
            out.append(" | ".join(parts))
        elif layout == "markdown":
            out.append("| " + " | ".join(parts) + " |")
        elif layout == "cell_per_line":
            out.append("|\n" + "\n".join(f"{p} |" if p else "|" for p in parts) + "\n||")
        elif layout == "blank_lines":
            out.append("\n\n".join(parts))
        elif layout == "tabs":
            out.append("\n".join(f"\t{p}" for p in parts) + "\n")
        elif layout == "pdf_spaces":
            out.append(" ".join(parts))
        elif layout == "squashed":
            out.append("".join(parts))
        elif layout == "tab_fields":
            out.append("\t".join(parts))
    sep = {"blank_lines": "\n\n", "squashed": ""}.get(layout, "\n")
    return sep.join(out)


def _sections(template: str, tables: dict, layout: str) -> tuple[str, str, str]:
    """The bodies of sections 二, 三 and 四 (without their headings) in one base layout."""
    pro, apps, review = _rows(template, tables)
    nl = "" if layout == "squashed" else "\n"
    return (
        _render_rows(pro, layout),
        f"{_BALANCE_NOTE}{nl}申请人情况{nl}{nl.join(APP_HEADER)}{nl}{_render_rows(apps, layout)}",
        f"{nl.join(REVIEW_HEADER)}{nl}{_render_rows(review, layout)}",
    )


def render_report(template: str, tables: dict, layout: str) -> str:
    two, three, four = _sections(template, tables, layout)
    return f"{_HEAD}{TITLES[0]}\n{two}\n{TITLES[1]}\n{three}\n{TITLES[2]}\n{four}\n{_TAIL}"


# ---------------------------------------------------------------- gold reports and their frames


@functools.cache
def gold_names() -> tuple[str, ...]:
    """Gold reports with at least one table to render."""
    names = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold["template"] in ("2019", "2021") and any((gold.get("tables") or {}).values()):
            names.append(path.stem)
    return tuple(names)


@functools.cache
def _gold(name: str) -> dict:
    return json.loads((GOLD_DIR / f"{name}.json").read_text(encoding="utf-8"))


@functools.cache
def _frame(name: str) -> tuple[str, str]:
    """(head, tail): the report's own text before its table 二 heading and from its section 五 on;
    a synthetic one where the report (a fragment) has none."""
    from extractor.load import load_text
    from extractor.pipeline import parse_document

    text = (REPORTS_DIR / f"{name}.txt").read_text(encoding="utf-8")
    sections = {s.key: s for s in parse_document(load_text(text)).sections}
    first_table = next((sections[k] for k in ("proactive_table", "applications_table", "review_litigation_table") if k in sections), None)
    head = text[: first_table.span.start] if first_table else ""
    if "overview" not in sections:
        head = _HEAD + head
    head = head.rstrip() + "\n"
    tail = text[sections["problems"].span.start :] if "problems" in sections else _TAIL
    return head, tail


def _flat(tables: dict | None) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for table, rows in (tables or {}).items():
        for row, cols in (rows or {}).items():
            for col, value in cols.items():
                if isinstance(value, dict):
                    for sub, v in value.items():
                        flat[f"{table}.{row}.{col}.{sub}"] = v
                else:
                    flat[f"{table}.{row}.{col}"] = value
    return flat


flat_cells = _flat


def _has_blanks(tables: dict, which: tuple[str, ...] = ("proactive", "applications", "review_litigation")) -> bool:
    return any(v is None for t in which for v in _flat({t: tables.get(t)}).values())


# ---------------------------------------------------------------- renderings


@dataclass
class Rendering:
    klass: str
    name: str
    template: str
    expected: dict  # the tables the parser must read, gold key names
    data: str | bytes  # the text, or the bytes of a file
    suffix: str = ".txt"
    options: tuple[str, ...] = ()  # what a combination applied

    def text_or_path(self, folder: Path) -> Path:
        path = folder / f"{self.name}.{self.klass}{self.suffix}"
        if isinstance(self.data, bytes):
            path.write_bytes(self.data)
        else:
            path.write_text(self.data, encoding="utf-8")
        return path


@dataclass
class _Ctx:
    name: str
    template: str
    tables: dict
    rng: random.Random
    head: str
    tail: str
    options: list[str] = field(default_factory=list)

    def assemble(self, two: str | None, three: str | None, four: str | None, titles: tuple[str, str, str] = TITLES) -> str:
        parts = [self.head]
        for title, body in zip(titles, (two, three, four), strict=True):
            if body is not None:
                parts.append(f"{title}\n{body}\n")
        parts.append(self.tail)
        return "".join(parts)


def _bodies(ctx: _Ctx, layout: str) -> tuple[str | None, str | None, str | None]:
    two, three, four = _sections(ctx.template, ctx.tables, layout)
    return (
        two if ctx.tables.get("proactive") else None,
        three if ctx.tables.get("applications") else None,
        four if ctx.tables.get("review_litigation") else None,
    )


def _base(layout: str) -> Callable[[_Ctx], str | None]:
    def render_base(ctx: _Ctx) -> str | None:
        if layout == "squashed" and _has_blanks(ctx.tables):
            return None  # a squashed layout cannot print a blank cell
        return ctx.assemble(*_bodies(ctx, layout))

    return render_base


# 1. 2019 table 二 squashed (rows with 上一年项目数量/本年增减/处理决定数量 run together); 三/四 as pipe rows.
def _table2_squashed(ctx: _Ctx) -> str | None:
    if not ctx.tables.get("proactive") or _has_blanks(ctx.tables, ("proactive",)):
        return None
    two = _sections(ctx.template, ctx.tables, "squashed")[0]
    _, three, four = _bodies(ctx, "pipe_rows")
    return ctx.assemble(two, three, four)


# 2. one stray character in the title of a table section.
_TYPO_CHARS = "的了和在情信公息申况之工作"


def typo_title(title: str, rng: random.Random) -> str:
    num, _, words = title.partition("、")
    i = rng.randrange(1, len(words))
    if rng.random() < 0.5:
        words = words[:i] + rng.choice(_TYPO_CHARS) + words[i:]  # a stray character inserted
    else:
        words = words[:i] + rng.choice(_TYPO_CHARS.replace(words[i], "")) + words[i + 1 :]  # one replaced
    return f"{num}、{words}"


def _title_typo(ctx: _Ctx) -> str | None:
    titles = list(TITLES)
    present = [i for i, key in enumerate(("proactive", "applications", "review_litigation")) if ctx.tables.get(key)]
    i = ctx.rng.choice(present)
    titles[i] = typo_title(titles[i], ctx.rng)
    return ctx.assemble(*_bodies(ctx, "pipe_rows"), titles=tuple(titles))  # type: ignore[arg-type]


# 3. PDF -> markdown: a cell whose text wraps (a number with a remark) is lifted out of the table,
#    printed before it, and its row keeps one value too few.
_REMARKS = ("(其中修订{k}件)", "(含修订{k}件)", "(其中新制定{k}件)", "(含转办{k}件)", "(含补正后{k}件)")


def _pdf2md_lifted(ctx: _Ctx) -> str | None:
    pro, apps, review = _rows(ctx.template, ctx.tables)
    data_rows = _pro_rows(ctx.template, ctx.tables)[1]
    candidates = [(0, r, c) for r in data_rows for c, v in enumerate(pro[r][1]) if v and v != "0" and len(pro[r][1]) > 1]
    candidates += [(1, r, c) for r, (_, cells) in enumerate(apps) for c, v in enumerate(cells) if v and v != "0"]
    if not candidates:
        return None
    tables = [pro, apps]
    chosen = ctx.rng.sample(candidates, k=min(len(candidates), ctx.rng.choice((1, 1, 2))))
    lifted: dict[int, list[str]] = {0: [], 1: []}
    for t, r, c in sorted(chosen, key=lambda x: (x[0], x[1], -x[2])):
        label, cells = tables[t][r]
        value = cells[c] or "0"
        k = max(1, int(float(value.rstrip("万"))) // 3)
        lifted[t].append(value + ctx.rng.choice(_REMARKS[:3] if t == 0 else _REMARKS[3:]).format(k=k))
        tables[t][r] = (label, cells[:c] + cells[c + 1 :])
    two = three = four = None
    if ctx.tables.get("proactive"):
        two = "\n".join(lifted[0]) + ("\n" if lifted[0] else "") + _render_rows(pro, "markdown")
    if ctx.tables.get("applications"):
        header = "| " + " | ".join(APP_HEADER) + " |"
        three = "\n".join(lifted[1]) + ("\n" if lifted[1] else "") + f"{_BALANCE_NOTE}\n{header}\n|---|---|---|\n" + _render_rows(apps, "markdown")
    if review:
        four = "| " + " | ".join(REVIEW_HEADER) + " |\n" + _render_rows(review, "markdown")
    return ctx.assemble(two, three, four)


# 4. OCR markdown: table 四 printed as one small table per group, with a header row per group.
def _ocr_md_groups(ctx: _Ctx) -> str | None:
    if not ctx.tables.get("review_litigation"):
        return None
    two, three, _ = _bodies(ctx, "markdown")
    review = ctx.tables["review_litigation"]
    parts = []
    for group, label in zip(REVIEW_GROUPS, _REVIEW_GROUP_LABELS, strict=True):
        cells = ["" if (v := _fmt(review[group][c])) is None else v for c in REVIEW_CELLS]
        parts.append(
            f"| {label} | | | | |\n| --- | --- | --- | --- | --- |\n| " + " | ".join(_REVIEW_CELL_LABELS) + " |\n| " + " | ".join(cells) + " |"
        )
    return ctx.assemble(two, three, "\n\n".join(parts))


# 5. PDF text of the official HTML table: long row labels wrap over several lines inside their
#    cell, the numbers on the first, middle or last line of the label.
def _wrap(label: str, width: int) -> list[str]:
    return [label[i : i + width] for i in range(0, len(label), width)] or [""]


def _pdf_wrapped(rows: list[Row], width: int, where: str, blank: str = "—") -> str:
    out = []
    for label, cells in rows:
        numbers = " ".join(blank if v is None else v for v in cells)
        lines = _wrap(label, width) if label else [""]
        at = {"first": 0, "middle": (len(lines) - 1) // 2, "last": len(lines) - 1}[where]
        for i, line in enumerate(lines):
            out.append(f"{line} {numbers}".strip() if i == at else line)
    return "\n".join(out)


def _pdf_wrapped_labels(ctx: _Ctx) -> str | None:
    where = ctx.rng.choice(("first", "middle", "last"))
    width = ctx.rng.choice((6, 8, 10, 12))
    pro, apps, review = _rows(ctx.template, ctx.tables)
    header = "\n".join(_wrap("".join(APP_HEADER), 4))
    two = _pdf_wrapped(pro, width, where) if pro else None
    three = f"{_BALANCE_NOTE}\n申请人情况\n{header}\n" + _pdf_wrapped(apps, width, where) if apps else None
    four = " ".join(REVIEW_HEADER) + "\n" + _pdf_wrapped(review, width, where) if review else None
    return ctx.assemble(two, three, four)


# 6. one row per line, cells joined by a tab, blank cells as empty fields (zero cells of the
#    法人或其他组织 columns left blank in every row of table 三).
def _tab_fields(ctx: _Ctx) -> str | None:
    apps = ctx.tables.get("applications")
    if not apps:
        return None
    for row in apps.values():
        for col in APPLICATION_COLUMNS[1:6]:
            if row.get(col) == 0:
                row[col] = None
    return ctx.assemble(*_bodies(ctx, "tab_fields"))


# 7. PDF text listing the numbers column by column: on each page, the row labels, then every
#    自然人 value, then every 商业企业 value …
def _columnwise(rows: list[Row], rng: random.Random, page: list[int]) -> str:
    out = []
    cut = sorted(rng.sample(range(1, len(rows)), k=min(len(rows) - 1, rng.choice((0, 1, 2))))) if len(rows) > 2 else []
    for chunk in (rows[a:b] for a, b in zip([0, *cut], [*cut, len(rows)], strict=True)):
        out.extend(label for label, _ in chunk)
        for col in range(len(chunk[0][1])):
            out.extend(cells[col] or "" for _, cells in chunk)
        page[0] += 1
        out.append(f"- {page[0]} -")
    return "\n".join(out[:-1])


def _pdf_columnwise(ctx: _Ctx) -> str | None:
    if not ctx.tables.get("applications") or _has_blanks(ctx.tables, ("applications",)):
        return None
    pro, apps, review = _rows(ctx.template, ctx.tables)
    page = [ctx.rng.randrange(2, 9)]
    two = _render_rows(pro, "pdf_spaces") if pro else None
    three = f"{_BALANCE_NOTE}\n申请人情况\n" + " ".join(APP_HEADER) + "\n" + _columnwise(apps, ctx.rng, page)
    four = " ".join(REVIEW_HEADER) + "\n" + _render_rows(review, "pdf_spaces") if review else None
    return ctx.assemble(two, three, four)


# 8. the 2021 template printed with the older single (六)其他处理 row.
def _single_other_2021(ctx: _Ctx) -> str | None:
    apps = ctx.tables.get("applications")
    parts = ("other_overdue_correction", "other_unpaid_fee", "other_other")
    if ctx.template != "2021" or not apps or not all(k in apps for k in parts):
        return None
    single = {}
    for col in APPLICATION_COLUMNS:
        values = [apps[k][col] for k in parts if apps[k][col] is not None]
        single[col] = sum(values) if values else None
    rebuilt = {}
    for key, row in apps.items():
        if key in parts:
            if key == parts[0]:
                rebuilt["other"] = single
            continue
        rebuilt[key] = row
    ctx.tables["applications"] = rebuilt
    return ctx.assemble(*_bodies(ctx, ctx.rng.choice(("pipe_rows", "pdf_spaces", "cell_per_line"))))


# ---------------------------------------------------------------- the official table as a grid (HTML, Word, PDF)


@dataclass
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1


def _grid_proactive(template: str, tables: dict) -> list[list[GridCell]]:
    proactive = tables["proactive"]
    labels = _PRO_LABELS_2019 if template == "2019" else PRO_LABELS
    spec = {key: (cols, heads) for key, cols, heads in PROACTIVE_ROWS[template]}
    rows: list[list[GridCell]] = []
    for item, keys in _PRO_ITEMS[template]:
        keys = tuple(k for k in keys if k in proactive)
        if not keys:
            continue
        cols, heads = spec[keys[0]]
        heads = _PRO_HEADERS.get((template, keys[0]), heads)
        span = 3 // len(cols) if 3 % len(cols) == 0 else 1
        rows.append([GridCell(item, colspan=4)])
        rows.append([GridCell("信息内容"), *(GridCell(h, colspan=span) for h in heads[:-1]), GridCell(heads[-1], colspan=3 - span * (len(cols) - 1))])
        for key in keys:
            values = ["" if (v := _fmt(proactive[key][c], money=_money(template, key, c))) is None else v for c in cols]
            rows.append([GridCell(labels[key]), *(GridCell(v, colspan=span) for v in values[:-1]), GridCell(values[-1], colspan=3 - span * (len(cols) - 1))])
            if key == "normative_documents":
                for label, cells in (proactive.get("extra_rows") or {}).items():
                    rows.append([GridCell(label), *(GridCell(_fmt(v) or "") for v in cells.values())])
    return rows


def _grid_applications(template: str, tables: dict) -> list[list[GridCell]]:
    apps = tables["applications"]
    rows: list[list[GridCell]] = [
        [GridCell(_BALANCE_NOTE, rowspan=3, colspan=3), GridCell("申请人情况", colspan=7)],
        [GridCell("自然人", rowspan=2), GridCell("法人或其他组织", colspan=5), GridCell("总计", rowspan=2)],
        [GridCell(h) for h in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
    ]

    def values(key: str) -> list[GridCell]:
        return [GridCell("" if (v := _fmt(apps[key][c])) is None else v) for c in APPLICATION_COLUMNS]

    keys = _app_keys(template, apps)
    outcomes = [k for k in keys if k not in ("new_received", "carried_over", "carried_forward")]
    started = False
    group_left = 0
    for key in keys:
        if key in ("new_received", "carried_over", "carried_forward"):
            rows.append([GridCell(APP_LABELS[key], colspan=3), *values(key)])
            continue
        row: list[GridCell] = []
        if not started:
            row.append(GridCell("三、本年度办理结果", rowspan=len(outcomes)))
            started = True
        group = next(((head, len([k for k in outcomes if k.startswith(pre) or k in pre])) for head, pre in _APP_GROUPS
                      if key.startswith(pre) or key in pre), None)  # fmt: skip
        if group is not None:
            if group_left == 0:
                row.append(GridCell(group[0], rowspan=group[1]))
                group_left = group[1]
            group_left -= 1
            row.append(GridCell(APP_LABELS[key]))
        else:
            row.append(GridCell(APP_LABELS[key], colspan=2))
        rows.append([*row, *values(key)])
    return rows


def _grid_review(tables: dict) -> list[list[GridCell]]:
    review = tables["review_litigation"]
    return [
        [GridCell("行政复议", colspan=5), GridCell("行政诉讼", colspan=10)],
        [*(GridCell(h, rowspan=2) for h in _REVIEW_CELL_LABELS), GridCell("未经复议直接起诉", colspan=5), GridCell("复议后起诉", colspan=5)],
        [GridCell(h) for h in _REVIEW_CELL_LABELS * 2],
        [GridCell("" if (v := _fmt(review[g][c])) is None else v) for g in REVIEW_GROUPS for c in REVIEW_CELLS],
    ]


def _grids(ctx: _Ctx) -> list[tuple[str, list[list[GridCell]] | None]]:
    return [
        (TITLES[0], _grid_proactive(ctx.template, ctx.tables) if ctx.tables.get("proactive") else None),
        (TITLES[1], _grid_applications(ctx.template, ctx.tables) if ctx.tables.get("applications") else None),
        (TITLES[2], _grid_review(ctx.tables) if ctx.tables.get("review_litigation") else None),
    ]


def _placed(rows: list[list[GridCell]]) -> tuple[int, int, list[tuple[int, int, GridCell]]]:
    """The HTML table algorithm: (rows, columns, [(row, column, cell)])."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    n_rows = max(r for r, _ in taken) + 1
    n_cols = max(c for _, c in taken) + 1
    return n_rows, n_cols, out


def _paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _html(ctx: _Ctx) -> str | None:
    from html import escape

    body = [f"<p>{escape(p)}</p>" for p in _paragraphs(ctx.head)]
    for title, grid in _grids(ctx):
        if grid is None:
            continue
        body.append(f"<p>{escape(title)}</p><table border='1'>")
        for row in grid:
            cells = "".join(
                f"<td rowspan='{c.rowspan}' colspan='{c.colspan}'>{escape(c.text) or '&nbsp;'}</td>" for c in row
            )
            body.append(f"<tr>{cells}</tr>")
        body.append("</table>")
    body += [f"<p>{escape(p)}</p>" for p in _paragraphs(ctx.tail)]
    return "<html><head><meta charset='utf-8'></head><body>" + "\n".join(body) + "</body></html>"


def _docx(ctx: _Ctx) -> bytes | None:
    import docx

    document = docx.Document()
    for p in _paragraphs(ctx.head):
        document.add_paragraph(p)
    for title, grid in _grids(ctx):
        if grid is None:
            continue
        document.add_paragraph(title)
        n_rows, n_cols, placed = _placed(grid)
        table = document.add_table(rows=n_rows, cols=n_cols)
        table.style = "Table Grid"
        grid = table._cells  # row by row; table.cell() rebuilds this list at every call
        for r, c, cell in placed:
            target = grid[r * n_cols + c]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(grid[(r + cell.rowspan - 1) * n_cols + c + cell.colspan - 1])
            target.text = cell.text
    for p in _paragraphs(ctx.tail):
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@functools.cache
def _pdf_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _pdf(ctx: _Ctx) -> bytes | None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = _pdf_font()
    text_style = ParagraphStyle("text", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    cell_style = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
    valign = ctx.rng.choice(("MIDDLE", "TOP"))
    label_width = ctx.rng.choice((1.6, 2.0, 2.6)) * cm
    flow: list[Any] = [Paragraph(p, text_style) for p in _paragraphs(ctx.head)]
    for (title, grid), widths in zip(
        _grids(ctx),
        ([label_width + 1 * cm, 3.0 * cm, 3.0 * cm, 3.0 * cm], [0.9 * cm, 1.4 * cm, label_width, *[1.3 * cm] * 7], [1.05 * cm] * 15),
        strict=True,
    ):
        if grid is None:
            continue
        flow.append(Paragraph(title, text_style))
        n_rows, n_cols, placed = _placed(grid)
        # A cell spanning rows cannot cross a page: long tables are cut in two, as Word cuts them.
        cuts = [0]
        while n_rows - cuts[-1] > 10:
            cuts.append(cuts[-1] + ctx.rng.randrange(6, 10))
        cuts.append(n_rows)
        for top, bottom in itertools.pairwise(cuts):
            data: list[list[Any]] = [[""] * n_cols for _ in range(bottom - top)]
            style: list[tuple] = [
                ("FONT", (0, 0), (-1, -1), font, 8),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), valign),
            ]
            for r, c, cell in placed:
                first, last = max(r, top), min(r + cell.rowspan, bottom) - 1
                if first > last:
                    continue
                text = cell.text if r >= top else ""
                data[first - top][c] = Paragraph(text, cell_style) if len(text) > 3 else text
                if last > first or cell.colspan > 1:
                    style.append(("SPAN", (c, first - top), (c + cell.colspan - 1, last - top)))
            flow.append(Table(data, colWidths=widths, style=TableStyle(style)))
    flow += [Paragraph(p, text_style) for p in _paragraphs(ctx.tail)]

    def footer(canvas: Any, doc: Any) -> None:
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"- {doc.page} -")

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm).build(flow, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


# ---------------------------------------------------------------- random combinations


def _blank_zeros(tables: dict, rng: random.Random, share: float) -> None:
    """Some zero cells printed blank, as many bodies do (the expected cell becomes None)."""
    for table in ("applications", "review_litigation"):
        for row in (tables.get(table) or {}).values():
            for col, value in row.items():
                if value == 0 and rng.random() < share:
                    row[col] = None


_FOOTERS = ("- {n} -", "— {n} —", "第 {n} 页", "第{n}页 共{m}页")


def _footers_inside(text: str, rng: random.Random, start: int, end: int) -> str:
    """Page footers (and the blank lines of a page break) between lines of ``text[start:end]``."""
    lines = text[start:end].split("\n")
    if len(lines) < 4:
        return text
    n = rng.randrange(2, 9)
    for _ in range(rng.choice((1, 2))):
        at = rng.randrange(1, len(lines) - 1)
        footer = rng.choice(_FOOTERS).format(n=n, m=n + 5)
        lines.insert(at, footer)
        n += 1
    return text[:start] + "\n".join(lines) + text[end:]


def _traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


_COMBO_BASES = ("pipe_rows", "cell_per_line", "blank_lines", "tabs", "markdown", "pdf_spaces", "tab_fields")


def _combo(ctx: _Ctx) -> str | None:
    rng = ctx.rng
    base = rng.choice(_COMBO_BASES)
    chosen = [o for o in ("blanks", "footers", "typo", "traditional") if rng.random() < 0.5] or ["footers"]
    ctx.options = [base, *chosen]
    if "blanks" in chosen:
        _blank_zeros(ctx.tables, rng, 0.5)
    titles = list(TITLES)
    if "typo" in chosen:
        present = [i for i, key in enumerate(("proactive", "applications", "review_litigation")) if ctx.tables.get(key)]
        i = rng.choice(present)
        titles[i] = typo_title(titles[i], rng)
    text = ctx.assemble(*_bodies(ctx, base), titles=tuple(titles))  # type: ignore[arg-type]
    if "footers" in chosen:
        start = text.find(titles[1]) if ctx.tables.get("applications") else text.find(titles[0])
        start = max(start, len(ctx.head))
        end = text.find(ctx.tail, start)
        text = _footers_inside(text, rng, start, end if end > 0 else len(text))
    if "traditional" in chosen:
        text = _traditional(text)
    return text


def _file_combo(kind: str, blank_cells: bool | None = None) -> Callable[[_Ctx], bytes | str | None]:
    """A file of ``kind``, Traditional script or not at random. ``blank_cells``: None, blank cells at
    random; False, only reports without a blank cell; True, only renderings with blank cells (the
    gold's, or zeros printed blank): a PDF text layer does not show where a blank cell was, the
    loader reads it from the table grid."""

    def render_file(ctx: _Ctx) -> bytes | str | None:
        chosen = [o for o in ("blanks", "traditional") if ctx.rng.random() < 0.4]
        if blank_cells is not None:
            chosen = [o for o in chosen if o != "blanks"]
            if blank_cells and not _has_blanks(ctx.tables):
                chosen.append("blanks")
            if _has_blanks(ctx.tables) != blank_cells and "blanks" not in chosen:
                return None
        ctx.options = chosen
        if "blanks" in chosen:
            _blank_zeros(ctx.tables, ctx.rng, 0.5)
        if "traditional" in chosen:
            ctx.head, ctx.tail = _traditional(ctx.head), _traditional(ctx.tail)
        return {"html": _html, "docx": _docx, "pdf": _pdf}[kind](ctx)

    return render_file


# ---------------------------------------------------------------- the classes


@dataclass(frozen=True)
class LayoutClass:
    name: str
    render: Callable[[_Ctx], str | bytes | None]
    suffix: str = ".txt"
    group: str = "base"
    description: str = ""
    seeds: int = 1  # renderings per report (random classes draw several)


CLASSES: dict[str, LayoutClass] = {
    c.name: c
    for c in (
        *(LayoutClass(layout, _base(layout), description=f"base layout {layout}") for layout in LAYOUTS),
        LayoutClass("table2_squashed", _table2_squashed, group="issue12", description="1. table 二 cells run together (2019: 上一年项目数量/本年增减/处理决定数量)"),
        LayoutClass("title_typo", _title_typo, group="issue12", description="2. a stray or wrong character in a table section title", seeds=2),
        LayoutClass("pdf2md_lifted", _pdf2md_lifted, group="issue12", description="3. PDF->markdown: wrapped cells lifted out before the table", seeds=2),
        LayoutClass("ocr_md_groups", _ocr_md_groups, group="issue12", description="4. OCR markdown: table 四 as one small table per group"),
        LayoutClass("pdf_wrapped_labels", _pdf_wrapped_labels, group="issue12", description="5. PDF text: row labels wrapped over lines, numbers on one of them", seeds=3),
        LayoutClass("tab_fields", _tab_fields, group="issue12", description="6. one row per line, tab-joined fields, blank cells as empty fields"),
        LayoutClass("pdf_columnwise", _pdf_columnwise, group="issue12", description="7. PDF text: labels, then the numbers column by column per page", seeds=2),
        LayoutClass("single_other_2021", _single_other_2021, group="issue12", description="8. 2021 template with the single (六)其他处理 row"),
        LayoutClass("html", _file_combo("html"), suffix=".html", group="file", description="HTML table (rowspan/colspan), read by the loader"),
        LayoutClass("docx", _file_combo("docx"), suffix=".docx", group="file", description="Word file (python-docx, merged cells)", seeds=2),
        LayoutClass("pdf", _file_combo("pdf", blank_cells=False), suffix=".pdf", group="file", description="PDF (reportlab, narrow columns, wrapped labels, page footers) read by pdfplumber", seeds=2),
        LayoutClass("pdf_blank_cells", _file_combo("pdf", blank_cells=True), suffix=".pdf", group="file", description="PDF with blank cells: the text layer drops them, the loader reads the ruled grid"),
        LayoutClass("combo", _combo, group="combo", description="random: base layout + blanks, page footers, title typo, Traditional", seeds=4),
    )
}


def render(name: str, klass: str, seed: int = 0) -> Rendering | None:
    """Gold report ``name`` in layout class ``klass``; None when the class cannot print it."""
    gold = _gold(name)
    head, tail = _frame(name)
    ctx = _Ctx(
        name=name,
        template=gold["template"],
        tables=json.loads(json.dumps(gold["tables"])),
        rng=random.Random(f"{name}/{klass}/{seed}"),
        head=head,
        tail=tail,
    )
    spec = CLASSES[klass]
    data = spec.render(ctx)
    if data is None:
        return None
    return Rendering(klass, name, ctx.template, ctx.tables, data, spec.suffix, tuple(ctx.options))


def renderings(klass: str) -> Iterator[Rendering]:
    for name in gold_names():
        for seed in range(CLASSES[klass].seeds):
            if (r := render(name, klass, seed)) is not None:
                yield r


# ---------------------------------------------------------------- parse and score


_DOUBT = frozenset({"ambiguous_split", "aligned_by_order", "recovered_detached", "missing"})


@dataclass
class Score:
    cells: int = 0
    exact: int = 0
    wrong_flagged: int = 0  # wrong (or absent) but flagged for review
    wrong_silent: int = 0
    extra: int = 0  # cells read that the rendering does not print
    template_wrong: int = 0
    renderings: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("cells", "exact", "wrong_flagged", "wrong_silent", "extra", "template_wrong", "renderings"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures += other.failures


def parse_rendering(rendering: Rendering) -> Any:
    from extractor.load import load_document, load_text
    from extractor.pipeline import parse_document

    if rendering.suffix == ".txt":
        assert isinstance(rendering.data, str)
        return parse_document(load_text(rendering.data, path=f"{rendering.name}.{rendering.klass}"))
    with tempfile.TemporaryDirectory() as folder:
        return parse_document(load_document(rendering.text_or_path(Path(folder))))


def score(rendering: Rendering, report: Any | None = None) -> Score:
    report = report if report is not None else parse_rendering(rendering)
    got = _flat(report.tables.model_dump())
    want = _flat(rendering.expected)
    flags = {f"{c.table}.{c.row}.{c.column}": c.flags for c in report.cells}
    s = Score(cells=len(want), renderings=1)
    s.template_wrong = int(report.meta.template != rendering.template)
    for key, value in want.items():
        if key in got and got[key] == value:
            s.exact += 1
        elif _DOUBT & set(flags.get(key, ["missing"])):
            s.wrong_flagged += 1
            s.failures.append(f"{rendering.name}/{rendering.klass}: {key} read {got.get(key, 'absent')}, printed {value} (flagged)")
        else:
            s.wrong_silent += 1
            s.failures.append(f"{rendering.name}/{rendering.klass}: {key} read {got.get(key, 'absent')}, printed {value}")
    s.extra = len(set(got) - set(want))
    if s.extra:
        s.failures.append(f"{rendering.name}/{rendering.klass}: cells not printed: {sorted(set(got) - set(want))[:4]}")
    return s


def figures(classes: list[str] | None = None) -> dict[str, Score]:
    out = {}
    for klass in classes or list(CLASSES):
        total = Score()
        for rendering in renderings(klass):
            total.add(score(rendering))
        out[klass] = total
    return out


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Parse every gold report rendered in every layout class; print the figure per class.")
    parser.add_argument("classes", nargs="*", help=f"classes (default: all): {', '.join(CLASSES)}")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every cell read wrong")
    args = parser.parse_args(argv)
    results = figures(args.classes or None)
    print(f"{'class':<20} {'renderings':>10} {'cells':>7} {'exact':>7} {'share':>8} {'flagged':>8} {'silent':>7} {'extra':>6} {'template':>8}")
    grand = Score()
    for klass, s in results.items():
        grand.add(s)
        share = s.exact / s.cells if s.cells else 1.0
        print(f"{klass:<20} {s.renderings:>10} {s.cells:>7} {s.exact:>7} {share:>8.2%} {s.wrong_flagged:>8} {s.wrong_silent:>7} {s.extra:>6} {s.template_wrong:>8}")
    share = grand.exact / grand.cells if grand.cells else 1.0
    print(f"{'all':<20} {grand.renderings:>10} {grand.cells:>7} {grand.exact:>7} {share:>8.2%} {grand.wrong_flagged:>8} {grand.wrong_silent:>7} {grand.extra:>6} {grand.template_wrong:>8}")
    if args.verbose:
        for line in grand.failures:
            print(line)



if __name__ == "__main__":
    main()
