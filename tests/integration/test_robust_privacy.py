"""Privacy: logs and stored feedback redact ID-card numbers, phone numbers and names; question text is
not logged by default; the CLI installs the redaction; nothing leaves the machine without an LLM
endpoint (see test_offline.py for the socket guard)."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.feedback import FeedbackStore
from assistant.logging_setup import WITHHELD, RedactingFilter, install_redaction
from assistant.pipeline import Assistant
from tests.helpers import ROOT

ID_NO, PHONE, NAME = "110101199003071234", "13812345678", "张三丰"
PERSONAL = f"我叫{NAME}，身份证{ID_NO}，电话{PHONE}。考生用手机查答案怎么处理"
MARKER = "紫色长颈鹿"  # words that appear in no log unless the question is logged


def capture(logger_name="regqa.test"):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    return logger, handler, stream


def test_the_filter_redacts_message_args_and_tracebacks():
    logger, handler, stream = capture()
    try:
        logger.warning("feedback from %s: %s", f"考生{NAME}", f"身份证 {ID_NO} 手机 {PHONE}")
        logger.info(f"我叫{NAME}，电话 138-1234-5678")
        try:
            raise ValueError(f"bad row for {ID_NO} / {PHONE}")
        except ValueError:
            logger.exception("store failed for %s", PHONE)
        logger.error("%s %s", f"too few args {PHONE}")  # a malformed record must not crash or leak
    finally:
        logging.getLogger("regqa.test").removeHandler(handler)
    out = stream.getvalue()
    for secret in (ID_NO, PHONE, "138-1234-5678"):
        assert secret not in out
    assert "[身份证号]" in out and "[手机号]" in out and "[姓名]" in out
    assert "Traceback" in out and "ValueError: bad row for [身份证号]" in out  # the traceback is kept, redacted
    assert "ERROR regqa.test: %s %s" in out or WITHHELD in out


def test_pipeline_logs_no_question_text_by_default(assistant, caplog):
    caplog.set_level(logging.DEBUG)
    answer = assistant.ask(f"{PERSONAL}，{MARKER}")
    assert answer.sanctions
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "answered: intent=" in logged  # it does log, just not what was asked
    for secret in (ID_NO, PHONE, NAME, MARKER):
        assert secret not in logged


def test_question_text_is_logged_only_when_asked_for_and_then_redacted(assistant, caplog):
    settings = assistant.settings.model_copy(update={"log_questions": True})
    opted_in = assistant.replace(settings=settings)
    caplog.set_level(logging.INFO, logger="assistant.pipeline")
    opted_in.ask(f"{PERSONAL}，{MARKER}")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert MARKER in logged
    for secret in (ID_NO, PHONE, NAME):
        assert secret not in logged


def test_install_is_idempotent_and_covers_existing_handlers():
    lib = logging.getLogger("some.library")
    handler = logging.StreamHandler(io.StringIO())
    lib.addHandler(handler)
    try:
        first, second = install_redaction(), install_redaction()
        assert first is second
        assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
        assert any(isinstance(f, RedactingFilter) for f in logging.lastResort.filters)
    finally:
        lib.removeHandler(handler)


def test_the_cli_redacts_what_reaches_its_stderr():
    code = (
        "import logging, sys\n"
        "from cli.main import main\n"
        "rc = main(['show', '第七条第（一）项'])\n"
        f"logging.getLogger('assistant.anything').warning('feedback from %s, phone %s', '我叫{NAME}', '{PHONE}')\n"
        f"logging.getLogger('assistant.anything').error('考生{NAME}的身份证号{ID_NO}')\n"
        "sys.exit(rc)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGQA_")}
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                       env={**env, "PYTHONPATH": str(ROOT)})
    assert p.returncode == 0, p.stderr
    assert "第七条第（一）项" in p.stdout
    for secret in (ID_NO, PHONE, NAME):
        assert secret not in p.stderr
    assert "[手机号]" in p.stderr and "[身份证号]" in p.stderr and "[姓名]" in p.stderr
    assert "prefix dict" not in p.stderr  # the name tagger loads quietly


def test_stored_feedback_is_redacted(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    store.add(PERSONAL, "第七条第（一）项", -1, f"请回电 {PHONE}，我叫{NAME}")
    # the file and its write-ahead log (WAL mode: a new row may still be only in the log)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("fb.sqlite3*")).decode("utf-8", "ignore")
    assert "第七条第（一）项" in raw  # what is stored is there to be read
    for secret in (ID_NO, PHONE, NAME):
        assert secret not in raw


def test_a_bare_name_without_a_cue_is_redacted():
    from assistant.privacy import redact

    assert NAME not in redact(f"请回电 {PHONE}，{NAME}")
    assert redact("王小明用手机作弊了") == "[姓名]用手机作弊了"


def test_stored_feedback_holds_no_personal_data_in_any_width_or_format(tmp_path):
    """Issue 15 item 8: full-width digits, separated groups, old 15-digit ID numbers, ＠ and bare names
    reached the database as typed."""
    secrets = ["１１０１０１１９９００３０７１２３４", "１３８１２３４５６７８", "110101-19900307-1234", "110101900307123",
               "138.1234.5678", "abc＠example.com", "王小明"]
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    store.add("王小明用手机作弊了，身份证１１０１０１１９９００３０７１２３４，旧证110101900307123",
              "第七条第（一）项", -1, "电话１３８１２３４５６７８或138.1234.5678，邮箱abc＠example.com，证110101-19900307-1234")
    raw = (tmp_path / "fb.sqlite3").read_bytes().decode("utf-8", "ignore")
    for secret in secrets:
        assert secret not in raw
    (row,) = store.list()
    assert row["question"].startswith("[姓名]用手机作弊了") and "[邮箱]" in row["comment"]


def test_no_llm_is_configured_by_default(monkeypatch):
    from assistant import llm
    from assistant.settings import Settings

    for name in [k for k in os.environ if k.startswith("REGQA_LLM")]:
        monkeypatch.delenv(name)
    settings = Settings(_env_file=None)
    assert settings.llm_model is None and llm.make_chat_model(settings) is None and llm.describe(settings) == "none"


@pytest.mark.parametrize("flag", ["anonymized_telemetry"])
def test_chroma_telemetry_is_off(tmp_path, flag):
    from retrieval.index import _client
    from tests.helpers import settings_for

    client = _client(settings_for(tmp_path))
    assert getattr(client.get_settings(), flag) is False
