"""Start the app, ask a question in headless Chromium, wait for the answer, take a screenshot.

    .venv/bin/python scripts/screenshot.py                       # -> docs/screenshot-chat.png
    .venv/bin/python scripts/screenshot.py --question "..." --out /tmp/shot.png

The browser test (tests/test_app_browser.py) drives the app the same way. It needs Debian's
`chromium` and `fonts-noto-cjk` (scripts/system-deps.sh installs both; without the fonts every
Chinese character renders as an empty box). Only loopback traffic is allowed: the page's requests
to any other host are aborted, and Chromium's own background networking is switched off.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
QUESTION = "考生用手机查答案怎么处理"
EXPECT = "第七条第（一）项"
SCROLL_TOP = "for (const e of document.querySelectorAll('*')) if (e.scrollHeight > e.clientHeight) e.scrollTop = 0"


class BrowserUnavailable(RuntimeError):
    """Chromium or the CJK fonts are missing: the message says how to install them."""


def check_browser() -> None:
    if not os.access(CHROMIUM, os.X_OK):
        raise BrowserUnavailable(f"{CHROMIUM} is missing: run `bash scripts/system-deps.sh` "
                                 "(apt-get install chromium fonts-noto-cjk) as root")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    if "cjk" not in fonts.lower():
        raise BrowserUnavailable("no CJK font: Chinese would render as empty boxes; "
                                 "run `bash scripts/system-deps.sh` (apt-get install fonts-noto-cjk) as root")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(env: dict[str, str] | None = None, timeout_s: float = 120) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port; yields its URL once it answers its health check."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal"]
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit did not answer on {url} within {timeout_s:g} s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _loopback_only(route) -> None:
    host = urlparse(route.request.url).hostname
    if host in ("127.0.0.1", "localhost", "::1") or route.request.url.startswith(("data:", "blob:")):
        route.continue_()
    else:
        route.abort()


def ask_in_browser(url: str, question: str, expect: str, screenshot: Path | None = None,
                   timeout_s: float = 120, viewport: tuple[int, int] = (1280, 1400), open_sources: bool = True) -> str:
    """Type `question` into the chat, wait until `expect` and the sources are on the page; the page text."""
    from playwright.sync_api import sync_playwright

    check_browser()
    ms = timeout_s * 1000
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN")
            context.route("**/*", _loopback_only)
            page = context.new_page()
            page.goto(url, wait_until="domcontentloaded", timeout=ms)
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for(state="visible", timeout=ms)  # the first run loads the model (and builds the index)
            box.fill(question)
            box.press("Enter")
            page.get_by_text(expect).first.wait_for(timeout=ms)
            source = page.get_by_text("来源（").first
            source.wait_for(timeout=ms)  # the answer is complete once its sources are listed
            if screenshot is not None:
                if open_sources:
                    source.click()  # open it: the quote with the question's words marked
                title = page.get_by_role("heading").first
                for _ in range(10):  # the chat view sticks to the bottom while it settles: scroll up until it stays
                    page.evaluate(SCROLL_TOP)
                    page.wait_for_timeout(500)
                    box = title.bounding_box()
                    if box and box["y"] >= 0:
                        break
                Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot))
            return page.inner_text("body")
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--expect", default=EXPECT, help="text to wait for before the screenshot")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-chat.png")
    parser.add_argument("--phone", action="store_true", help="a 390 px wide phone screen, sources folded")
    args = parser.parse_args(argv)
    try:
        check_browser()
    except BrowserUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with serve() as url:
        ask_in_browser(url, args.question, args.expect, args.out, viewport=(390, 1100) if args.phone else (1280, 1400),
                       open_sources=not args.phone)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
