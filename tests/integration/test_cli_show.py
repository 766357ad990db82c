"""`regqa show` as the contract in DESIGN.md section 4 describes it."""

import json

from cli.main import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_all_json_lists_every_provision(capsys):
    code, out, _ = run(capsys, "show", "--all", "--json")
    provisions = json.loads(out)["provisions"]
    assert code == 0
    assert all({"id", "label", "chapter", "text", "lead_in"} <= set(p) for p in provisions)
    articles = [p for p in provisions if p["kind"] == "article"]
    assert len(articles) == 36 and len({p["chapter"] for p in provisions}) == 6
    items_21 = [p["label"] for p in provisions if p["label"].startswith("第二十一条第（")]
    assert len(items_21) == 13 and "第二十一条第（五）项" not in items_21


def test_show_prints_the_repaired_provision_with_chapter_and_document(capsys):
    code, out, _ = run(capsys, "show", "第十条")
    assert code == 0
    assert "评价机构不得向其颁发证书" in out and "第二章" in out and "沪人社职〔2025〕176号" in out


def test_show_explains_the_missing_item_and_exits_2(capsys):
    code, out, err = run(capsys, "show", "第二十一条第（五）项")
    assert code == 2 and out == ""
    assert "skips item （五）" in err and "Traceback" not in err


def test_show_unknown_label_suggests_nearest(capsys):
    code, _, err = run(capsys, "show", "第三十七条")
    assert code == 2 and "第三十六条" in err
