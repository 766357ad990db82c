"""End to end: `streamlit run app.py` in real headless Chromium (Debian's chromium via Playwright).

Asks 考生用手机查答案怎么处理 in the chat and waits for 第七条第（一）项 quoted on the page. CI installs
chromium and fonts-noto-cjk (scripts/system-deps.sh); when either is missing this test fails and
says so, it does not skip. The app runs on a loopback port over the index this test session built;
the page may reach no other host.
"""

import importlib.util
from pathlib import Path

import pytest

from tests.helpers import ROOT

_spec = importlib.util.spec_from_file_location("regqa_screenshot", ROOT / "scripts" / "screenshot.py")
shot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shot)


def test_chat_in_chromium_quotes_the_cited_article(tmp_path):
    from tests.helpers import shared_default_retriever, shared_index_dir

    try:
        shot.check_browser()
    except shot.BrowserUnavailable as exc:
        pytest.fail(f"browser test cannot run: {exc}")
    env = {"REGQA_INDEX_DIR": str(shared_index_dir()),
           "REGQA_FEEDBACK_DB": str(tmp_path / "feedback.sqlite3")}
    with shot.serve(env, timeout_s=120) as url:
        text = shot.ask_in_browser(url, "考生用手机查答案怎么处理", "第七条第（一）项", tmp_path / "chat.png", timeout_s=120)
    assert "第七条第（一）项" in text
    assert "在评价过程中使用规定以外的带拍照、存储、传输或通讯功能的电子设备" in text  # quoted verbatim
    assert "已核对" in text and "沪人社职〔2025〕176号" in text  # verified badge; the sidebar
    assert (tmp_path / "chat.png").stat().st_size > 10_000
