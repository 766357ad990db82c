"""A small, bounded version of eval/load.py: 4 concurrent sessions of 10 questions each over one
Assistant, in-process. No errors, every answer passes the checks (verified sanctions, verbatim quotes,
the pipeline's verifier), and every concurrent answer equals the same session answered alone.
No timing asserts: the figures are in eval/reports/robustness.md."""

from eval.load import Checker, concurrent_round, fingerprint, run_session, sessions_plan


def test_four_sessions_of_ten_questions_at_once(assistant):
    plan = sessions_plan(4, 10, seed=7)
    reference = [run_session(assistant, qs) for qs in plan]
    results, _, _ = concurrent_round(assistant, plan)
    checker = Checker(assistant)
    answers = 0
    for ref_session, session in zip(reference, results):
        assert len(session) == 10
        for ref, r in zip(ref_session, session):
            assert "error" not in r, r.get("trace")
            assert checker.problems(r["answer"]) == [], (r["question"], checker.problems(r["answer"]))
            assert fingerprint(r["answer"]) == fingerprint(ref["answer"]), r["question"]
            assert all(s.verified for s in r["answer"].sanctions)
            answers += 1
    assert answers == 40
    assert sum(1 for s in results for r in s if r["answer"].sanctions) >= 5  # the load includes case answers


def test_the_plan_draws_from_both_question_sets():
    from eval.load import question_pool

    pool = question_pool()
    assert len(pool) >= 300
    plan = sessions_plan(8, 50)
    assert [len(s) for s in plan] == [50] * 8 and len({q for s in plan for q in s}) > 150
