"""Readable Chinese for a Decision and for deadlines (the CLI's non-JSON output, and `describe`)."""

from __future__ import annotations

import datetime as dt

from rules.case import Decision, check_day

_STATUS = {
    "decided": "已可认定",
    "provisional": "按已知事实认定（仍有待补充的事实，可能改变结论）",
    "needs_facts": "缺少决定结论的事实，暂不能认定",
    "no_sanction": "依所述事实不予处理",
    "no_match": "未找到相符条款",
}


def parse_day(value: str, field: str) -> dt.date:
    """A date the user wrote (YYYY-MM-DD, within the range deadlines can be computed for)."""
    return check_day(value or "", field)


def describe(decision: Decision) -> str:
    """One sentence that states the sanction with its citation (what `verify` reads back)."""
    if not decision.measures:
        return ""
    main = decision.measures[0].provision
    what = "，".join(m.label for m in decision.measures if m.provision == main)
    parts = [f"根据{main}，{what}"]
    for c in decision.institution_consequences:
        parts.append(f"根据{c.provision}，{c.label}")
    if decision.certificate:
        parts.append(f"根据{decision.certificate.provision}，" + "，".join(m.label for m in decision.certificate.measures))
    return "。".join(parts) + "。"


def consequence_rows(d: Decision, en: bool = False) -> list[tuple[str, str]]:
    """(heading, value) for what a Decision imposes and on whom: each measure with its provision, who
    decides, the bar's last day, the institution's consequences, the certificate. The CLI, the case
    checker and its downloadable summary all show these rows, each in its own markup."""
    h = (lambda zh, e: e if en else zh)
    rows = []
    for m in d.measures:
        may = h("（视情况）", " (discretionary)") if m.discretionary else ""
        rows.append((h("处理", "Measure"), f"{m.label_en if en else m.label}{may}（{m.provision}）"))
    if d.decided_by:
        rows.append((h("认定处理", "Decided by"), d.decided_by))
    if d.ban_until:
        rows.append((h("禁考至", "Barred until"), f"{d.ban_until}" + h("（含当日）", " (inclusive)")))
    for c in d.institution_consequences:
        rows.append((h("评价机构", "Institution"), f"{c.label}（{c.condition}；{c.decided_by}；{c.provision}）"))
    if d.certificate:
        measures = "；".join(m.label_en if en else m.label for m in d.certificate.measures)
        rows.append((h("证书", "Certificate") + f"（{d.certificate.provision}）", measures))
    return rows


def decision_lines(d: Decision) -> list[str]:
    out = [f"结论：{_STATUS[d.status]}"]
    if d.provisions:
        out.append(f"适用：{'、'.join(d.provisions)}" + (f"（由{d.escalated_from}升级）" if d.escalated_from else ""))
    out.extend(f"{heading}：{value}" for heading, value in consequence_rows(d))
    for a in d.alternatives:
        out.append(f"备选：{a.note}")
    if d.no_sanction_reason:
        out.append(f"说明：{d.no_sanction_reason}")
    for key, name in (("statement", "陈述和申辩截止"), ("review", "复核决定最迟"), ("report", "向监管部门报告截止"),
                      ("rectification_plan", "提交整改方案截止")):
        if key in d.deadlines:
            x = d.deadlines[key]
            out.append(f"{name}：{x.due}（{x.provision}，{x.working_days}个工作日）")
    if d.follow_up:
        out.append("需要补充：")
        out.extend(f"  - {f.question}" for f in d.follow_up)
    if d.notes:
        out.append("提示：")
        out.extend(f"  - {n}" for n in d.notes)
    if d.assumptions:
        out.append("假定：")
        out.extend(f"  - {a}" for a in d.assumptions)
    out.append("依据：")
    for t in d.trace:
        out.append(f"  [{t.label}] {t.note}")
        out.append(f"      「{t.quote}」")
    return out


def deadline_lines(r: dict) -> list[str]:
    out = [
        f"收到处理决定：{r['received']}",
        f"陈述和申辩截止：{r['statement_deadline']}（{r['provision']}，15个工作日）",
        f"复核决定最迟：{r['review_deadline']}（15个工作日）",
    ]
    if r["counted_holidays"]:
        out.append("跳过的法定节假日：" + "、".join(f"{h['date']} {h['name']}" for h in r["counted_holidays"]))
    if r["makeup_workdays"]:
        out.append("计入的调休上班日：" + "、".join(r["makeup_workdays"]))
    if not r["schedule_known"]:
        out.append(f"注意：{'、'.join(map(str, r['assumed_weekends_only_years']))} 年放假安排未知，按周一至周五推算")
    out.extend(f"假定：{a}" for a in r["assumptions"])
    out.extend(f"警告：{w}" for w in r["warnings"])
    out.append(f"「{r['quote']}」")
    return out
