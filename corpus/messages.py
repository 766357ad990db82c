"""Every user-facing string, in Chinese and English side by side: one catalogue (messages.yaml),
keyed by message id, used by every layer.

    text("engine.no_date")            # Text(zh="案情未给出日期…", en="No date was given…")
    text("engine.read_from", fact=…)  # placeholders are filled in both languages
    t("ui.app_title", "en")           # the English string

A `Text` travels in results (a Decision's trace, assumptions, questions) with both languages, and
whoever shows it picks one: a Chinese screen never shows the English half, nor the other way round.
A placeholder given a `Text` is filled with the matching language.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

CATALOGUE = Path(__file__).with_name("messages.yaml")
LANGS = ("zh", "en")


class Text(BaseModel):
    """A message in both languages."""

    model_config = ConfigDict(frozen=True)

    zh: str
    en: str

    def in_(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def __str__(self) -> str:  # logs and developer output: both, Chinese first
        return self.zh if self.zh == self.en else f"{self.zh} / {self.en}"

    def __contains__(self, part: str) -> bool:  # "does it say X", in either language
        return part in self.zh or part in self.en

    def __add__(self, other: Text | str) -> Text:
        o = other if isinstance(other, Text) else Text(zh=other, en=other)
        return Text(zh=self.zh + o.zh, en=self.en + o.en)


class MissingMessage(KeyError):
    """A message id the catalogue does not have (a programming error, caught by the tests)."""


class _StrictLoader(yaml.SafeLoader):
    """YAML that refuses what silently loses a message: a key given twice, and keys YAML 1.1 reads
    as something else (an unquoted `yes:` is the boolean True)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise ValueError(f"{CATALOGUE}:{key_node.start_mark.line + 1}: key {key!r} is not a string; quote it")
            if key in seen:
                raise ValueError(f"{CATALOGUE}:{key_node.start_mark.line + 1}: {key!r} given twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_catalogue(path: Path = CATALOGUE) -> dict[str, dict[str, str]]:
    """The catalogue file flattened to {"section.key": {"zh": …, "en": …}}."""
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader) or {}  # noqa: S506 - a SafeLoader
    out: dict[str, dict[str, str]] = {}

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict) and set(node) == set(LANGS):
            out[prefix] = {lang: str(node[lang]) for lang in LANGS}
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        else:
            raise ValueError(f"{path}: {prefix}: a message needs both 'zh' and 'en'")

    walk("", raw)
    return out


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    return read_catalogue()


def _fill(template: str, lang: str, fmt: dict[str, Any]) -> str:
    return template.format(**{k: (v.in_(lang) if isinstance(v, Text) else v) for k, v in fmt.items()})


def text(key: str, **fmt: Any) -> Text:
    """The message `key` in both languages, its placeholders filled."""
    try:
        entry = catalogue()[key]
    except KeyError:
        raise MissingMessage(key) from None
    return Text(zh=_fill(entry["zh"], "zh", fmt), en=_fill(entry["en"], "en", fmt))


def t(key: str, lang: str = "zh", **fmt: Any) -> str:
    """The message `key` in one language."""
    return text(key, **fmt).in_(lang)


def one_language(data: Any, lang: str) -> Any:
    """JSON-ready data with every {"zh", "en"} pair read in `lang`: what --json prints, so a tool
    reading it finds a string where a message is, in the language it asked for."""
    if isinstance(data, dict):
        if set(data) == set(LANGS):
            return data["en" if lang == "en" else "zh"]
        return {k: one_language(v, lang) for k, v in data.items()}
    if isinstance(data, list):
        return [one_language(v, lang) for v in data]
    return data


def same(value: str) -> Text:
    """A string that reads the same in both languages (a label, a date, a quote)."""
    return Text(zh=value, en=value)
