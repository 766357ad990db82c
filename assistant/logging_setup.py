"""Privacy-safe logging: every log record is redacted before any handler writes it.

    from assistant.logging_setup import install_redaction
    install_redaction()          # once, at an entry point (regqa's main(), the top of app.py)

`RedactingFilter` replaces ID-card numbers, phone numbers, e-mail addresses and people's names in a
record's message, its arguments and its traceback text, using the same `redact()` as the feedback
store (assistant/privacy.py), so logs and stored feedback hide the same things. It sits on
handlers, not loggers: a filter on a logger does not see records propagated from child loggers,
whereas every record a handler writes passes the handler's filters. `install_redaction()` puts it
on every handler that exists (the root's, Streamlit's, Python's last-resort stderr handler) and
adds a stderr handler to the root logger when it has none, so later loggers are covered too.

Question text itself is not logged unless REGQA_LOG_QUESTIONS is set (assistant/pipeline.py); when it
is, it is logged redacted like everything else.
"""

from __future__ import annotations

import logging
import sys
import threading

from assistant.privacy import redact

WITHHELD = "[log message withheld: it could not be redacted]"
_lock = threading.Lock()
_local = threading.local()  # set while this thread redacts (the name tagger may log as it loads)


def _redact(text: str) -> str:
    if "jieba" not in sys.modules:  # the name tagger; importing it resets its logger to DEBUG
        import jieba

        jieba.setLogLevel(logging.WARNING)
    return redact(text)


class RedactingFilter(logging.Filter):
    """Rewrites a record so that its formatted message and traceback carry no personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_regqa_redacted", False):  # one record may pass several handlers
            return True
        if getattr(_local, "busy", False):  # logged from inside redact(): library text, never user text
            if not record.name.startswith("jieba"):
                record.msg, record.args = WITHHELD, None
            return True
        _local.busy = True
        try:
            self._redact_record(record)
        finally:
            _local.busy = False
        record._regqa_redacted = True
        return True

    @staticmethod
    def _redact_record(record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()  # message % args, as a formatter would build it
        except Exception:  # noqa: BLE001 - a malformed record still must not leak its args
            message = str(record.msg)
        try:
            record.msg, record.args = _redact(message), None
            if record.exc_info and not record.exc_text:
                record.exc_text = _redact(logging.Formatter().formatException(record.exc_info))
            elif record.exc_text:
                record.exc_text = _redact(record.exc_text)
            if record.stack_info:
                record.stack_info = _redact(record.stack_info)
        except Exception:  # noqa: BLE001 - never let logging crash the caller, never leak
            record.msg, record.args, record.exc_text, record.stack_info = WITHHELD, None, None, None
            record.exc_info = None
        if record.exc_info and record.exc_text:
            # the formatter prints exc_text when set; the exception's own message (exc_info) is
            # dropped so that a handler that re-formats it cannot bring the raw text back
            record.exc_info = None


def _handlers() -> list[logging.Handler]:
    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    handlers = [h for lg in loggers for h in lg.handlers]
    if logging.lastResort is not None:
        handlers.append(logging.lastResort)
    return handlers


def install_redaction(level: int | None = None) -> RedactingFilter:
    """Put the redacting filter on every existing handler (once each) and give the root logger a
    stderr handler when it has none. Idempotent; safe to call from every entry point."""
    with _lock:
        root = logging.getLogger()
        if not root.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
            handler.setLevel(level if level is not None else logging.WARNING)
            root.addHandler(handler)
        shared = next(
            (f for h in _handlers() for f in h.filters if isinstance(f, RedactingFilter)), None
        ) or RedactingFilter()
        for h in _handlers():
            if not any(isinstance(f, RedactingFilter) for f in h.filters):
                h.addFilter(shared)
        return shared
