"""Errors a user can fix: the CLI prints the message and exits 2, the app shows it."""


class UserError(ValueError):
    """Bad input: the message says what is wrong and, where it helps, what would be right."""
