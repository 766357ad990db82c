"""API keys for the HTTP API: made once, shown once, kept only as a hash in the settings.

    key = new_key()                       # "rq_..." to give to the client system
    settings: REGQA_API_KEYS='{"portal": "sha256:..."}'   # hashed(key), under a name of one's choice
    key_name(presented, settings.api_keys) -> "portal" | None

A key is 32 random bytes, so a plain SHA-256 is enough to keep it (no password stretching is
needed against guessing); every stored hash is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

PREFIX = "sha256:"
NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class KeyError_(ValueError):
    """A key name or a stored hash that cannot be used."""


def new_key() -> str:
    return "rq_" + secrets.token_urlsafe(32)


def hashed(key: str) -> str:
    return PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()


def check_keys(keys: dict[str, str]) -> None:
    """Every configured entry is a usable name and a sha256 hash (not a key pasted in the clear)."""
    for name, stored in keys.items():
        if not NAME.match(name):
            raise KeyError_(f"REGQA_API_KEYS: the name {name!r} should be 1-64 letters, digits, '_', '.' or '-'")
        if not re.fullmatch(r"sha256:[0-9a-f]{64}", stored or ""):
            raise KeyError_(f"REGQA_API_KEYS[{name!r}]: expected 'sha256:' and 64 hex digits (made by "
                            "`regqa apikey NAME`), never the key itself")


def key_name(presented: str | None, keys: dict[str, str]) -> str | None:
    """The name of the configured key `presented` is, or None."""
    if not presented:
        return None
    digest = hashed(presented)
    found = None
    for name, stored in keys.items():  # no early exit: the time taken tells nothing about which matched
        if hmac.compare_digest(digest, stored):
            found = name
    return found
