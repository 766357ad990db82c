"""End to end in real headless Chromium (Debian's chromium via Playwright): every page at a desktop
width (1280 px) and a phone width (390 px), one browser session per width over one `streamlit run`.

On every page: a screenshot in docs/screenshots/, the link to every page visible on screen without
opening a menu, no English interface text in Chinese mode (quotes, citations and the English example
question aside), and axe-core (tests/e2e/package.json, installed by scripts/system-deps.sh) finds no
serious or critical violation, every input labelled among them. Then what people do: a question is
answered with its quote and sources folded (on the phone at most 1.5 screens tall), a reload keeps the
conversation, the answer downloads as Markdown with its citations, 21条 opens 第二十一条, a date typed
and confirmed with Enter moves the deadline, and staff sign in to the feedback review.

When chromium, the CJK fonts or axe-core are missing this test fails and says so; it does not skip.
The page may reach no other host than the app's loopback port.
"""

import importlib.util
import re
from pathlib import Path

import pytest

from tests.helpers import ROOT

_spec = importlib.util.spec_from_file_location("regqa_screenshot", ROOT / "scripts" / "screenshot.py")
shot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shot)

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "docs" / "screenshots"
WAIT_MS = 120_000
PASSWORD = "correct horse battery staple"
PAGES = {"chat": ("", "问答"), "case": ("case", "案情判断"), "rights": ("rights", "权利与期限"),
         "browse": ("browse", "条文浏览"), "practice": ("practice", "考评员练习")}
QUESTION = "考生用手机查答案怎么处理"
APP_TITLE = "技能人才评价违纪违规处理问答"
# English that may stand on a Chinese screen: the language switch, an example question showing that
# English is understood, the citation forms the search box accepts, and Streamlit's own skip link
# (shown only when a keyboard user tabs onto it; Streamlit has no setting for its text).
ALLOWED = ("An examiner was late again after two talks this cycle — what applies?", "English", "art. 21",
           "art. 7(1)", "Skip to main content")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
QUOTED = re.compile(r"「[^」]*」|“[^”]*”|『[^』]*』")

# The page's own text, without icon ligatures (a Material icon is the word "chat" in an icon font).
VISIBLE_TEXT = """() => {
  const root = document.querySelector('[data-testid="stApp"]');
  const copy = root.cloneNode(true);
  copy.querySelectorAll('[data-testid*="Icon"], [data-testid="stSidebar"], code, pre, style, script')
      .forEach(e => e.remove());
  return copy.textContent;
}"""
UNLABELLED = """() => [...document.querySelectorAll('input, textarea, select')]
  .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
  .map(e => e.outerHTML.slice(0, 120))"""
AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from tests.helpers import shared_default_retriever, shared_index_dir  # noqa: F401 - builds the index
    from views.staff import hash_password

    try:
        shot.check_browser()
    except shot.BrowserUnavailable as exc:
        pytest.fail(f"browser test cannot run: {exc}")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `bash scripts/system-deps.sh` (npm ci --prefix tests/e2e)")
    tmp = tmp_path_factory.mktemp("browser")
    secrets = tmp / "secrets.toml"
    secrets.write_text(f'[staff]\npassword_hash = "{hash_password(PASSWORD)}"\n')
    env = {"REGQA_INDEX_DIR": str(shared_index_dir()), "REGQA_FEEDBACK_DB": str(tmp / "feedback.sqlite3"),
           "STREAMLIT_SECRETS_FILES": str(secrets)}
    with shot.serve(env, timeout_s=120) as url:
        yield url


def english_outside_quotes(text: str) -> list[str]:
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    return LATIN_WORD.findall(QUOTED.sub("", text))


def on_screen(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box) and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= size["width"] \
        and box["y"] + box["height"] <= size["height"]


def visible_link(page, title: str):
    """The link to a page that is on screen now (a folded sidebar keeps its links off screen)."""
    for link in page.get_by_role("link", name=title).all():
        if link.is_visible() and on_screen(page, link):
            return link
    return None


def to_top(page) -> None:
    """Scrolled to the top, where the links head every page (a chat sticks to its bottom a while)."""
    for _ in range(10):
        page.evaluate(shot.SCROLL_TOP)
        page.wait_for_timeout(300)
        if visible_link(page, "问答") is not None:
            return


def go(page, title: str) -> None:
    to_top(page)
    visible_link(page, title).click()


def check_page(page, width: int, name: str, heading: str) -> None:
    page.get_by_role("heading", name=heading).first.wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(800)  # let the run finish drawing
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))
    to_top(page)
    missing = [t for _, t in PAGES.values() if visible_link(page, t) is None]
    assert not missing, f"{name} at {width} px: no visible link to {missing}"
    text = page.evaluate(VISIBLE_TEXT)
    assert not english_outside_quotes(text), f"{name} at {width} px: English {english_outside_quotes(text)}"
    assert "&#" not in text, f"{name} at {width} px: an HTML entity shown literally"
    assert page.evaluate(UNLABELLED) == [], f"{name} at {width} px: unlabelled inputs"
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(AXE_RUN)
    assert violations == [], f"{name} at {width} px: {violations}"


def ask(page, question: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    page.get_by_text("来源（").first.wait_for(timeout=WAIT_MS)  # the answer is complete once its sources show
    page.wait_for_timeout(800)


def session(url: str, width: int, height: int):
    from playwright.sync_api import sync_playwright

    p = sync_playwright().start()
    browser = p.chromium.launch(executable_path=shot.CHROMIUM, args=shot.CHROMIUM_ARGS, headless=True)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", accept_downloads=True)
    context.route("**/*", shot._loopback_only)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(url, wait_until="domcontentloaded")
    return p, browser, page


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_every_page_in_chromium(served, width, height, tmp_path):
    p, browser, page = session(served, width, height)
    try:
        for name, (path, title) in PAGES.items():
            if name != "chat":
                go(page, title)  # navigation by the visible link itself
                page.wait_for_url(re.compile(f"/{path}"))
            check_page(page, width, name, APP_TITLE if name == "chat" else title)

        go(page, "问答")
        ask(page, QUESTION)
        answer = page.get_by_test_id("stChatMessage").nth(1)
        body = page.inner_text("body")
        assert "第七条第（一）项" in body and "已核对" in body
        if width == 390:  # one answer, sources folded, at most a screen and a half on the phone
            assert answer.bounding_box()["height"] <= 1.5 * height
        page.get_by_text("来源（").first.click()
        assert page.get_by_text("在评价过程中使用规定以外的带拍照、存储、传输或通讯功能的电子设备").first.is_visible()
        check_page(page, width, "chat-answered", APP_TITLE)

        assert "?c=" in page.url
        page.reload(wait_until="domcontentloaded")  # the conversation comes back from the store
        page.get_by_text("来源（").first.wait_for()
        assert QUESTION in page.inner_text("body")

        page.get_by_role("button", name="复制 / 下载整段对话").click()
        with page.expect_download() as download:
            # a popover may open partly past a phone's edge, where Playwright will not click: click in the page
            page.get_by_test_id("stPopoverBody").get_by_role("button", name="下载（Markdown）").evaluate("b => b.click()")
        md = Path(download.value.path()).read_text(encoding="utf-8")
        assert md.startswith(f"# {APP_TITLE}") and f"## 问：{QUESTION}" in md and "沪人社职〔2025〕176号" in md
        assert "**第七条第（一）项**" in md and "…… （一）在评价过程中使用规定以外的" in md  # cited verbatim
        page.keyboard.press("Escape")

        go(page, "条文浏览")
        search = page.get_by_role("textbox", name="条文编号或关键词")
        search.fill("21条")
        search.press("Enter")
        page.get_by_role("heading", name="第二十一条").first.wait_for()
        assert "label=" in page.url

        go(page, "权利与期限")
        received = page.get_by_role("textbox", name="收到处理决定（或公告）的日期")
        received.fill("2026-09-28")
        received.press("Enter")
        page.get_by_text("2026-10-23").first.wait_for()
        # the page streams its parts: the review deadline may render a moment after the first one
        page.get_by_text("2026-11-13").first.wait_for()
        assert "2026-11-13" in page.inner_text("body")
    finally:
        browser.close()
        p.stop()


def test_staff_sign_in_offers_the_feedback_review(served):
    p, browser, page = session(served, 1280, 900)
    try:
        page.get_by_test_id("stChatInputTextArea").wait_for()
        assert page.get_by_role("link", name="反馈记录").count() == 0  # signed out: no page
        page.goto(served + "/feedback", wait_until="domcontentloaded")
        page.get_by_test_id("stChatInputTextArea").wait_for()
        assert "反馈记录" not in page.inner_text("body")
        page.keyboard.press("Escape")  # Streamlit's "page not found" notice
        page.wait_for_timeout(500)
        page.get_by_text("工作人员", exact=True).click()
        page.get_by_role("textbox", name="工作人员密码").fill(PASSWORD)
        page.get_by_role("button", name="工作人员登录").click()
        page.get_by_role("link", name="反馈记录").first.click()
        check_page(page, 1280, "feedback", "反馈记录")
    finally:
        browser.close()
        p.stop()
