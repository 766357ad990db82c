"""`regqa check` and `regqa deadline`: the issue's acceptance bullets, through assistant.cli.main."""

import json

import pytest

from cli.main import main
from corpus import load_corpus as _load_corpus
from rules import load_rulebook as _load_rulebook
from rules import verify

RULEBOOK = _load_rulebook(_load_corpus())


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def check(tmp_path, capsys):
    def _check(case: dict, *flags: str):
        path = tmp_path / "case.json"
        path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
        code, out, err = run(capsys, "check", str(path), "--json", *flags)
        assert code == 0, err
        return json.loads(out)

    return _check


def test_decision_json_has_the_design_shape(check):
    d = check({"subject": "candidate", "conduct": "考生考试时用手机查答案", "date": "2026-05-16"})
    assert {"provisions", "measures", "decided_by", "institution_consequences", "certificate", "deadlines",
            "ban_until", "follow_up", "trace"} <= set(d)
    assert all({"code", "label", "label_en", "provision"} <= set(m) for m in d["measures"])
    assert all({"step", "label", "quote", "note"} <= set(t) for t in d["trace"])


def test_notes_kept_after_a_reminder_refused_is_6_1(check):
    d = check({"subject": "candidate", "conduct": "考生带了复习笔记进考位，监考提醒他收起来放到指定位置，他拒不改正",
               "date": "2026-06-13"})
    assert d["provisions"][0] == "第六条第（一）项"
    assert [m["code"] for m in d["measures"]] == ["cancel_subject_score"]


def test_notes_put_away_after_the_reminder_is_no_sanction(check):
    d = check({"subject": "candidate", "conduct": "考生带了复习笔记进考位，监考提醒后他立即收起来放到了指定位置",
               "facts": {"reminded_and_refused": False}})
    assert d["provisions"] == [] and d["measures"] == [] and d["status"] == "no_sanction"
    assert "拒不改正" in d["no_sanction_reason"]


def test_phone_is_7_1_with_the_bar_ending_31_december(check):
    d = check({"subject": "candidate", "conduct": "考生在考试中使用手机", "date": "2026-05-16"})
    assert d["provisions"][0] == "第七条第（一）项"
    assert [m["code"] for m in d["measures"]] == ["cancel_all_scores", "ban_rest_of_year"]
    assert d["ban_until"] == "2026-12-31"


def test_impersonation_is_8_2(check):
    d = check({"subject": "candidate", "conduct": "替考", "date": "2026-06-13"})
    assert d["provisions"][0] == "第八条第（二）项"
    assert "ban_2_years" in [m["code"] for m in d["measures"]]


def test_examiner_late_after_two_talks_is_12_1_and_the_trace_shows_the_escalation(check):
    d = check({"subject": "examiner", "conduct": "考评员迟到", "facts": {"prior_talks_in_cycle": 2}})
    assert d["provisions"][0] == "第十二条第（一）项"
    assert d["escalated_from"] == "第十一条第（一）项"
    labels = [(t["step"], t["label"]) for t in d["trace"]]
    assert ("match", "第十一条第（一）项") in labels and ("escalation", "第十二条第（一）项") in labels
    esc = next(t for t in d["trace"] if t["step"] == "escalation" and t["label"] == "第十二条第（一）项")
    assert esc["quote"] == "（一）一个备案周期内被谈话提醒 2 次后，再次发生第十一条所列行为的；"  # as published
    assert any("备案周期" in a and "长度" in a for a in d["assumptions"])  # the text does not define the cycle


@pytest.mark.parametrize(
    "errors, want",
    [(4, ["第二十一条第（九）项"]), (3, []), (6, ["第二十二条第（四）项"])],
)
def test_institution_score_errors_in_a_year(check, errors, want):
    d = check({"subject": "institution", "conduct": "成绩录入错误",
               "facts": {"score_errors_in_year": errors, "score_corrections_in_year": 0}})
    assert d["provisions"][:1] == want


def test_examiner_late_with_no_history_is_11_1_and_asks_about_prior_talks(check):
    d = check({"subject": "examiner", "conduct": "考评员迟到了"})
    assert d["provisions"] == ["第十一条第（一）项"]
    facts = [f["fact"] for f in d["follow_up"]]
    assert "prior_talks_in_cycle" in facts
    assert any("谈话提醒" in f["question"] for f in d["follow_up"])


def test_deadline_2026_09_28_counts_national_day_and_the_10_october_makeup_day(capsys):
    code, out, _ = run(capsys, "deadline", "--received", "2026-09-28", "--json")
    r = json.loads(out)
    assert code == 0 and r["statement_deadline"] == "2026-10-23"
    assert r["schedule_known"] is True
    assert [h["date"] for h in r["counted_holidays"]][:5] == [f"2026-10-0{d}" for d in (1, 2, 5, 6, 7)]
    assert "2026-10-10" in r["makeup_workdays"]
    assert r["review_deadline"] == "2026-11-13"


def test_deadline_in_2027_says_the_schedule_is_unknown_and_what_was_assumed(capsys):
    code, out, _ = run(capsys, "deadline", "--received", "2027-03-01", "--json")
    r = json.loads(out)
    assert code == 0 and r["schedule_known"] is False
    assert r["makeup_workdays_unknown_years"] == [2027] and r["assumed_weekends_only_years"] == []
    assert any("2027" in a and "调休上班日尚不可知" in a for a in r["assumptions"])
    assert r["statement_deadline"] == "2027-03-22"


def test_verify_flags_the_wrong_bar_and_article_37():
    kinds = [(f.kind, f.label) for f in verify("根据第七条，考生使用手机的，2年内不得参加。另见第三十七条。", RULEBOOK)]
    assert kinds == [("wrong_sanction", "第七条"), ("unknown_citation", "第三十七条")]


@pytest.mark.parametrize(
    "case, field",
    [
        ({"subject": "teacher", "conduct": "迟到"}, "case.subject"),
        ({"subject": "examiner", "conduct": "迟到", "date": "2026/09/28"}, "case.date"),
        ({"subject": "examiner", "conduct": "迟到", "facts": {"prior_talks": 2}}, "case.facts.prior_talks：没有这个字段"),
        ({"subject": "examiner", "conduct": "迟到", "colour": "red"}, "case.colour：没有这个字段"),
        ({"subject": "examiner", "conduct": "迟到", "facts": {"supervisor_kind": "both"}}, "case.facts.supervisor_kind"),
        ({"subject": "examiner"}, "conduct"),
        ({"subject": "candidate", "provision": "第十一条第（一）项"}, "case.provision：第十一条第（一）项针对的是"),
        ({"subject": "candidate", "provision": "第三十七条"}, "case.provision"),
        ({"subject": "candidate", "provision": "第二十九条"}, "不是处理条款"),
    ],
)
def test_bad_cases_are_rejected_naming_the_field(tmp_path, capsys, case, field):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "check", str(path), "--json")
    assert code == 2 and out == ""
    assert field in err and "Traceback" not in err


def test_a_bad_case_is_explained_in_english_with_lang_en(tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"subject": "candidate", "provision": "第二十九条"}, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "check", str(path), "--json", "--lang", "en")
    assert code == 2 and "not a sanctioning provision" in err and "不是处理条款" not in err


def test_bad_input_files_and_dates_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert run(capsys, "check", str(bad), "--json")[0] == 2
    assert run(capsys, "check", str(tmp_path / "missing.json"))[0] == 2
    code, _, err = run(capsys, "deadline", "--received", "28.09.2026", "--json")
    assert code == 2 and "--received" in err


def test_human_output_is_readable_chinese(tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"subject": "candidate", "conduct": "替考", "date": "2026-06-13"}, ensure_ascii=False),
                    encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert "适用：第八条第（二）项" in out and "禁考至：2028-06-12" in out and "陈述和申辩截止" in out
    code, out, _ = run(capsys, "deadline", "--received", "2026-09-28")
    assert code == 0 and "2026-10-23" in out and "国庆节" in out
