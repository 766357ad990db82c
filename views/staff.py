"""Who may open the staff pages (feedback review: other people's questions).

Configured in `.streamlit/secrets.toml` (never committed), in this order:
- an identity provider (OIDC, Streamlit's `st.login`): an `[auth]` section with `redirect_uri`,
  `cookie_secret` and either the provider's `client_id`, `client_secret`, `server_metadata_url`
  or one `[auth.NAME]` section with them. `[staff] emails = [...]` and/or `domains = [...]` limit
  who counts as staff (do set them with a public provider such as Google);
- else a local staff password, stored hashed: `[staff] password_hash = "scrypt$..."`, printed by
  `python -m views.staff` (it asks for the password);
- with neither, no staff page is offered at all.

A password sign-in lasts for the browser session (a reload signs out); an OIDC one lasts as long as
Streamlit's identity cookie.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import secrets
import sys

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from views.common import T

# scrypt's cost (RFC 7914 §2 suggests N=2^14, r=8, p=1 for interactive logins): ~16 MB and ~50 ms a try.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_OIDC_KEYS = {"client_id", "client_secret", "server_metadata_url"}


def hash_password(password: str, salt: bytes | None = None) -> str:
    """The line to store: `scrypt$N$r$p$salt$digest` (hex)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """Whether `password` matches a stored `hash_password` line (compared in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        expected = bytes.fromhex(digest)
        got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected), maxmem=2**26)
    except ValueError:  # a malformed line (or a cost beyond maxmem) matches nothing
        return False
    return scheme == "scrypt" and hmac.compare_digest(got, expected)


def _section(name: str) -> dict:
    try:
        found = st.secrets.get(name)
    except StreamlitSecretNotFoundError:  # no secrets file: nothing is configured
        return {}
    return found.to_dict() if hasattr(found, "to_dict") else dict(found or {})


def oidc_provider() -> str | None:
    """The `[auth.NAME]` provider's name, "" for a provider set in `[auth]` itself, None for no OIDC."""
    auth = _section("auth")
    if not (auth.get("redirect_uri") and auth.get("cookie_secret")):
        return None
    if _OIDC_KEYS <= auth.keys():
        return ""
    named = [k for k, v in auth.items() if isinstance(v, dict) and _OIDC_KEYS <= v.keys()]
    return named[0] if named else None


def method() -> str | None:
    """"oidc", "password" or None (no staff pages)."""
    if oidc_provider() is not None:
        return "oidc"
    return "password" if _section("staff").get("password_hash") else None


def _is_staff_account(email: str | None) -> bool:
    rules = _section("staff")
    emails = {e.lower() for e in rules.get("emails", [])}
    domains = {d.lower().lstrip("@") for d in rules.get("domains", [])}
    if not emails and not domains:  # the provider itself admits only staff
        return True
    email = (email or "").lower()
    return email in emails or email.rpartition("@")[2] in domains


def signed_in() -> bool:
    """Whether this session may see the staff pages."""
    match method():
        case "oidc":
            return bool(st.user.is_logged_in) and _is_staff_account(st.user.get("email"))
        case "password":
            return bool(st.session_state.get("staff_signed_in"))
    return False


def _try_password() -> None:
    typed = st.session_state.pop("staff_password", "")
    ok = check_password(typed, _section("staff").get("password_hash", ""))
    st.session_state.staff_signed_in = ok
    st.session_state.staff_refused = not ok


def _sign_out() -> None:
    st.session_state.staff_signed_in = False


def sign_in_box() -> None:
    """The sidebar's staff section: sign in or out; nothing when no sign-in is configured."""
    how = method()
    if how is None:
        return
    with st.expander(T("staff"), icon=":material/badge:", expanded=signed_in()):
        if how == "oidc":
            provider = oidc_provider()
            if not st.user.is_logged_in:
                st.button(T("staff_sign_in"), on_click=st.login, args=(provider,) if provider else ())
                return
            if not _is_staff_account(st.user.get("email")):
                st.caption(T("staff_not_staff"))
            st.button(T("staff_sign_out"), on_click=st.logout)
        elif signed_in():
            st.caption(T("staff_signed_in"))
            st.button(T("staff_sign_out"), on_click=_sign_out)
        else:
            with st.form("staff_sign_in", enter_to_submit=True, border=False):
                st.text_input(T("staff_password"), type="password", key="staff_password")
                st.form_submit_button(T("staff_sign_in"), on_click=_try_password)
            if st.session_state.get("staff_refused"):
                st.caption(T("staff_refused"))


if __name__ == "__main__":  # python -m views.staff: the line for secrets.toml
    first = getpass.getpass("staff password: ")
    if len(first) < 12 or first != getpass.getpass("again: "):
        sys.exit("error: the two entries differ or are shorter than 12 characters")
    print(f'[staff]\npassword_hash = "{hash_password(first)}"')
