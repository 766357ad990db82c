"""Reading what a user sends, bounded: a file or stdin up to a size, then UTF-8, then JSON of a
limited depth. Every bound that is passed is a UserError (exit 2 at the CLI) that names it, raised
after reading at most one byte more than the bound, so `/dev/zero` fails at once.

    text = read_text("case.json", CASE_FILE_BYTES, "案件文件", "the case file")
    data = parse_json(text, "案件文件", "the case file")

Messages are Chinese and English, as everywhere a person reads them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, BinaryIO

from pydantic_core import from_json

from assistant.errors import UserError

CASE_FILE_BYTES = 1_000_000  # a case is a few hundred bytes; 1 MB leaves room for a long story
STDIN_QUESTION_BYTES = 64 * 1024  # then the question is cut to 2,000 characters (settings.max_question_chars)
EVAL_SET_BYTES = 20_000_000  # the largest set here is 0.23 MB (448 questions)
EVAL_SET_QUESTIONS = 20_000
JSON_DEPTH = 20  # a case is 2 deep, an eval line 3; pydantic_core's parser stops at ~200 by itself


def _size(n: int) -> str:
    return f"{n // 1_000_000} MB" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1024} KB"


def read_bytes(source: str | Path, limit: int, zh: str, en: str, stdin: BinaryIO | None = None) -> bytes:
    """At most `limit` bytes of a file, or of stdin when `source` is "-"; more is a UserError."""
    try:
        if str(source) == "-":
            stream = stdin or getattr(sys.stdin, "buffer", None)  # a text stdin (a test's StringIO) has none
            data = stream.read(limit + 1) if stream is not None else sys.stdin.read(limit + 1).encode("utf-8", "replace")
        else:
            with open(source, "rb") as f:
                data = f.read(limit + 1)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise UserError(f"无法读取{zh} {source}（{why}） / cannot read {en} {source}: {why}") from exc
    if len(data) > limit:
        where = "标准输入" if str(source) == "-" else str(source)
        where_en = "stdin" if str(source) == "-" else str(source)
        raise UserError(f"{zh}过大：{where} 超过 {_size(limit)} 上限 / {en} is too large: {where_en} is over "
                        f"the {_size(limit)} limit")
    return data


def decode(data: bytes, zh: str, en: str, where: str | Path) -> str:
    """UTF-8 text (a byte-order mark is dropped); anything else is a UserError naming the byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{zh} {where} 不是 UTF-8 文本（第 {exc.start} 字节），请另存为 UTF-8 / "
                        f"{where} is not UTF-8 text (byte {exc.start}): save it as UTF-8") from exc


def read_text(source: str | Path, limit: int, zh: str, en: str, stdin: BinaryIO | None = None) -> str:
    """`read_bytes`, then `decode`."""
    return decode(read_bytes(source, limit, zh, en, stdin), zh, en, "标准输入" if str(source) == "-" else source)


def depth(value: Any) -> int:
    """How deeply lists and objects nest in parsed JSON (a scalar is 0), without recursion."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, level)
            todo.extend((child, level + 1) for child in children)
    return deepest


def parse_json(text: str, zh: str, en: str, where: str | Path = "") -> Any:
    """Strict JSON (no NaN or Infinity) nested at most JSON_DEPTH deep; else a UserError naming the
    line and column, or the bound."""
    try:
        value = from_json(text, allow_inf_nan=False)
    except ValueError as exc:
        msg = str(exc)
        if "recursion limit" in msg:
            value = None
        elif "number out of range" in msg:
            raise UserError(f"{zh} {where} 中有一个数字位数过多（{_at(msg)}） / {en} {where} holds a number too long "
                            f"to be a count ({msg})") from None
        else:
            raise UserError(f"{zh} {where} 不是有效的 JSON（{_at(msg)}） / {en} {where} is not valid JSON: {msg}") from None
        if value is None:
            raise _too_deep(zh, en, where)
    if depth(value) > JSON_DEPTH:
        raise _too_deep(zh, en, where)
    return value


def _too_deep(zh: str, en: str, where: str | Path) -> UserError:
    return UserError(f"{zh} {where} 的 JSON 嵌套过深（上限 {JSON_DEPTH} 层） / {en} {where} nests JSON deeper than "
                     f"{JSON_DEPTH} levels")


def _at(msg: str) -> str:
    """'… at line 1 column 7' -> '第 1 行第 7 列'."""
    head, sep, tail = msg.rpartition(" at line ")
    line, _, column = tail.partition(" column ")
    return f"第 {line} 行第 {column} 列" if sep and line.isdigit() and column.isdigit() else "位置不明"
