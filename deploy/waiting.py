"""Waiting for a started process to serve: the one loop used for every service the project starts
(a Chroma server, PostgreSQL, uvicorn replicas, Streamlit) by deploy/local.py, the load harnesses
and the tests."""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.request
from collections.abc import Callable

# Loopback services are asked directly: a proxy from the environment must not answer for them.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def answers_http(url: str, timeout_s: float = 2.0, containing: str | None = None) -> bool:
    """Whether `url` answers 200 within `timeout_s` (and its body contains `containing`, if given)."""
    with contextlib.suppress(OSError):
        with _DIRECT.open(url, timeout=timeout_s) as r:
            return r.status == 200 and (containing is None or containing in r.read().decode(errors="replace"))
    return False


def wait_until(ready: Callable[[], bool], timeout_s: float, *, proc: subprocess.Popen | None = None,
               name: str = "the service", tail: Callable[[], str] = lambda: "", interval_s: float = 0.2) -> float:
    """Poll `ready` until it holds; the seconds it took. RuntimeError when `proc` exits first,
    TimeoutError after `timeout_s`; both carry the end of the process's log (`tail`)."""
    start = time.monotonic()
    while not ready():
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{tail()}")
        if time.monotonic() - start > timeout_s:
            raise TimeoutError(f"{name} did not answer within {timeout_s:g} s:\n{tail()}")
        time.sleep(interval_s)
    return time.monotonic() - start
