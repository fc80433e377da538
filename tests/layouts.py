"""Render gold tables into the text layouts real reports use, to test the parser beyond the corpus."""

from __future__ import annotations

from extractor.tables.spec import (
    APPLICATION_COLUMNS,
    APPLICATION_ROWS,
    PROACTIVE_ROWS,
    REVIEW_CELLS,
    REVIEW_GROUPS,
)

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
LAYOUTS = ("pipe_rows", "cell_per_line", "blank_lines", "tabs", "markdown", "pdf_spaces", "squashed")
_BLANK = {"pipe_rows": "", "cell_per_line": "", "blank_lines": " ", "tabs": " ", "markdown": "", "pdf_spaces": "—", "squashed": ""}


def _fmt(value: float | int | None, *, money: bool = False) -> str | None:
    if value is None:
        return None
    text = str(int(value)) if float(value).is_integer() else str(value)
    return text + "万" if money and "." not in text else text


def _rows(template: str, tables: dict) -> tuple[list[tuple[str, list[str | None]]], ...]:
    pro = []
    for key, cols, _ in PROACTIVE_ROWS[template]:
        if key in (tables.get("proactive") or {}):
            money = key in ("fees", "procurement") and template == "2019"
            pro.append((PRO_LABELS[key], [_fmt(tables["proactive"][key][c], money=money and c == "amount") for c in cols]))
    apps = [
        (APP_LABELS[key], [_fmt(tables["applications"][key][c]) for c in APPLICATION_COLUMNS])
        for key in APPLICATION_ROWS[template]
        if key in (tables.get("applications") or {})
    ]
    review = [_fmt(tables["review_litigation"][g][c]) for g in REVIEW_GROUPS for c in REVIEW_CELLS]
    return pro, apps, [("", review)]


def _render_rows(rows: list[tuple[str, list[str | None]]], layout: str) -> str:
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
    sep = {"blank_lines": "\n\n", "squashed": ""}.get(layout, "\n")
    return sep.join(out)


def render_report(template: str, tables: dict, layout: str) -> str:
    pro, apps, review = _rows(template, tables)
    header3 = ["自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    header4 = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]
    nl = "" if layout == "squashed" else "\n"
    return (
        "某某区人民政府办公室2022年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开政府信息120条。\n"
        f"二、主动公开政府信息情况\n第二十条第(一)项{nl}信息内容{nl}{_render_rows(pro, layout)}\n"
        f"三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和){nl}申请人情况{nl}"
        f"{nl.join(header3)}{nl}{_render_rows(apps, layout)}\n"
        f"四、政府信息公开行政复议、行政诉讼情况\n{nl.join(header4)}{nl}{_render_rows(review, layout)}\n"
        "五、存在的主要问题及改进情况\n一是公开不够及时。\n六、其他需要报告的事项\n无。\n"
    )
