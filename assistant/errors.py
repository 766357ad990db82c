"""Errors a user can fix: the CLI prints the message and exits 2, the app shows it."""

from __future__ import annotations

from corpus.messages import Text, same


class UserError(ValueError):
    """Bad input: the message says what is wrong and, where it helps, what would be right. `said`
    holds it in both languages (a plain string reads the same in both); str() is the English."""

    def __init__(self, said: Text | str):
        self.said = said if isinstance(said, Text) else same(said)
        super().__init__(self.said.en)
