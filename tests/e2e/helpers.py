"""Helpers to drive Atelier in the browser: wait for Streamlit, log in, open pages, check.

Navigation between pages must go through the sidebar links: loading a URL afresh starts a new
Streamlit session (logged out). Widgets are found by their key: Streamlit puts the class
`st-key-<key>` (non-alphanumerics turned into '-') on the widget's container.
"""

from __future__ import annotations

import pathlib
import re
import urllib.parse

from tests.e2e import serve

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "artifacts"
ERROR_SELECTORS = ("[data-testid=stException]", "[data-testid=stAlertContentError]")


def key_class(key: str) -> str:
    """The CSS selector of the container of the widget with this key, in whatever version of
    its form is on screen: a form that creates something moves its widget keys on after each
    confirmed save (`<key>.v<n>`, screens/_ui/forms.py), so that it is drawn empty."""
    name = "st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)
    return f":is(.{name}, [class*='{name}-v'])"


def by_key(page, key: str):
    """The container of the widget with this key (e.g. 'login.username')."""
    return page.locator(key_class(key))


def fill(page, key: str, text: str) -> None:
    """Type into the text input or text area with this key."""
    by_key(page, key).locator("input, textarea").first.fill(text)


def click(page, key: str, tries: int = 3) -> None:
    """Click the button with this key and wait for the rerun. A click that sent nothing within
    two seconds (the page moved under the pointer as it redrew) is made again, as a person
    would: known from the page's WebSocket (WATCH)."""
    from playwright.sync_api import Error as PlaywrightError  # the browser tests' dependency

    button = by_key(page, key).locator("button").first
    for _ in range(tries):
        sent = _sent(page)
        button.click()
        if sent is None:
            break
        try:
            page.wait_for_function(SENT_SINCE, arg=sent, timeout=2_000, polling=50)
            break
        except PlaywrightError:  # nothing sent, or the page is reloading (a login)
            try:
                if page.evaluate(SENT_SINCE, sent):
                    break
            except PlaywrightError:  # navigating away: the click's doing
                break
    else:
        raise AssertionError(f"{tries} clicks on {key!r} sent nothing to the app")
    wait_idle(page)


def _sent(page) -> float | None:
    """When the page last sent a rerun request; None while it is navigating away."""
    from playwright.sync_api import Error as PlaywrightError  # the browser tests' dependency

    try:
        return page.evaluate(SENT)
    except PlaywrightError:
        return None


def select_option(page, key: str, label: str, tries: int = 3) -> None:
    """Choose `label` in the select box with this key and wait for the rerun. A click while
    the page redraws (a busy machine) may not open the list: then it is clicked again, as a
    person would tap again."""
    from playwright.sync_api import Error as PlaywrightError  # the browser tests' dependency

    option = page.get_by_role("option", name=label, exact=True)
    for attempt in range(tries):
        by_key(page, key).locator("[role=combobox]").first.click()
        try:
            option.wait_for(state="visible", timeout=5_000 if attempt < tries - 1 else 20_000)
            break
        except PlaywrightError:
            page.keyboard.press("Escape")
    option.click()
    wait_idle(page)


# How `wait_idle` knows that the run an action started is over, without guessing how long the
# run takes to start: the page's WebSocket is watched (when the last rerun request went out,
# when the server last answered) along with the app's script state. The watch is put into every
# document before its own scripts run (`watch`, on every browser context of the tests:
# tests/e2e/conftest.py), so a page just loaded, or reloaded by a login, is watched from its
# first request. Times are milliseconds since the epoch: comparable across a reload.
WATCH = """(() => {
  if (window.__atelierWatch) return;
  const clock = () => performance.timeOrigin + performance.now();
  const w = window.__atelierWatch = {
    sent: 0, received: 0, busy: clock(), heard: false, origin: performance.timeOrigin, clock,
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (!this.__atelierWatched) {
      this.__atelierWatched = true;
      this.addEventListener('message', () => { w.received = clock(); w.heard = true; });
      // A request lost with its connection gets no answer: a reconnection starts afresh.
      this.addEventListener('close', () => { w.sent = 0; w.busy = clock(); });
    }
    // A rerun request carries the widgets' states and the page; a heartbeat is a few bytes.
    if ((data.byteLength ?? data.size ?? data.length ?? 0) >= 16) w.sent = clock();
    return send.call(this, data);
  };
  // The app's script state, from when the app is drawn: a run too short for a poll is seen.
  const observe = () => {
    const app = document.querySelector('[data-testid=stApp]');
    if (!app) return false;
    new MutationObserver(() => {
      if (app.getAttribute('data-test-script-state') !== 'notRunning') w.busy = clock();
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    return true;
  };
  if (!observe()) {
    const drawn = new MutationObserver(() => { if (observe()) drawn.disconnect(); });
    drawn.observe(document, {childList: true, subtree: true});
  }
})()"""
# When the page last sent a rerun request; whether it has sent one since a given moment, or
# was loaded since (the action reloaded it).
SENT = "() => window.__atelierWatch.sent"
SENT_SINCE = "t => { const w = window.__atelierWatch; return w.sent > t || w.origin > t; }"
# Over: not running, heard from the server since the page was loaded, every rerun request
# answered, the app seen running since the last request, and nothing heard or run for `quiet`
# ms. An answer may reach the page a moment before the page shows the run; a run too short to
# be shown at all is taken as over after a second of quiet.
SETTLED = """quiet => {
  const w = window.__atelierWatch;
  if (!w) throw new Error('page not watched: make its context with the browser fixture');
  const app = document.querySelector('[data-testid=stApp]');
  const now = w.clock();
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') {
    w.busy = now;
    return false;
  }
  if (!w.heard || w.sent > w.received) return false;
  const ran = w.busy >= w.sent;
  return now - Math.max(w.received, w.busy) >= (ran ? quiet : 1000);
}"""


def watch(context) -> None:
    """Watch every document of this browser context from its first script (WATCH)."""
    context.add_init_script(script=WATCH)


def wait_idle(page, timeout: int = 60_000) -> None:
    """Wait until the script run started by the last action has finished, and the page is
    drawn; on a page just loaded, its first run."""
    page.wait_for_timeout(50)  # a request the action sends a moment after it
    page.wait_for_function(SETTLED, arg=150, timeout=timeout, polling=50)


def pause_before_next_entry(page) -> None:
    """Wait as long as a person at least takes to fill a form again after its save: a send
    within BURST_S of the save's new form is the tail of the click burst that saved, answered
    with that save's message and not stored (screens/_ui/forms.py)."""
    from screens._ui import forms  # the app's own window, not a copy of its figure

    page.wait_for_timeout(int(forms.BURST_S * 1000) + 300)


def goto_app(page, server, base: str = "", timeout: int = 30_000) -> None:
    """Open the app at its root (a new session) and wait for the first run. `base`: another
    address of the server (a proxy in front of it); `timeout`: how long the first run may take."""
    page.goto((base or server.url) + "/")
    wait_idle(page, timeout=timeout)


def login(
    page, server, username: str, password: str, base: str = "", timeout: int = 30_000
) -> None:
    """Open the app and log in; returns once the home page is there (the login reloads the
    page), so that the login is stored before anything else happens."""
    goto_app(page, server, base, timeout)
    fill(page, "login.username", username)
    fill(page, "login.password", password)
    click(page, "login.submit")
    page.locator("[data-testid=stSidebarNav]").wait_for(state="attached")  # folded on a phone
    wait_idle(page)


def logged_in(page, server, username: str, url_path: str = "") -> None:
    """Open the app at `url_path` as `username`, with a kept login: the session cookie that a
    login in this browser leaves (screens/_accounts/routes.py), as a person who logged in on
    an earlier day finds it. The session is opened in the server's store the way a login opens
    it (services/accounts/sessions.py). For tests about something else than the login itself:
    the login form is driven by `login` (test_shell, test_session_cookie, test_two_servers
    ...); this saves its page load, its runs and its password hash."""
    from models.user import User
    from services.accounts import sessions
    from services.core import collections, store

    with serve.store_of(server.data_dir):
        doc = store.get().find_one(collections.USERS, {"username": username})
        assert doc is not None, f"no account {username!r} on {server.url}"
        token = sessions.bind_cookie(sessions.open_session(User.from_doc(doc)).handoff_code)
    page.context.add_cookies(
        [
            {
                "name": sessions.COOKIE_NAME,
                "value": token,
                "url": server.url,
                "httpOnly": True,
                "sameSite": "Strict",
            }
        ]
    )
    page.goto(f"{server.url}/{url_path}")
    page.locator("[data-testid=stSidebarNav]").wait_for(state="attached")  # folded on a phone
    wait_idle(page)


def nav_link(page, url_path: str):
    """The sidebar link of a page, by its url path (the page file's stem, e.g. 'roles')."""
    return page.locator(f"[data-testid=stSidebarNav] a[href$='/{url_path}']")


def open_page(page, server, url_path: str) -> None:
    """Open a page of the logged-in session through its sidebar link (keeps the session).

    The role's landing page (home, or the record page for a local action group member) is the
    default one: its link is the app's root.
    """
    link = nav_link(page, url_path)
    if link.count() == 0:
        link = page.locator(f"[data-testid=stSidebarNav] a[href='{server.url}/']")
        if link.count() == 0:
            raise AssertionError(f"no menu link to {url_path!r}; menu: {menu_paths(page)}")
    link.first.click()
    wait_idle(page)


def menu_paths(page) -> list[str]:
    """The url paths of the sidebar menu ('' for the default page)."""
    hrefs = page.locator("[data-testid=stSidebarNav] a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    return [urllib.parse.urlparse(href).path.strip("/") for href in hrefs]


def error_texts(page) -> list[str]:
    """Texts of exception and error boxes on the page (without their icon's name)."""
    texts = page.locator("[data-testid=stException]").all_inner_texts()
    errors = page.locator("[data-testid=stAlertContentError]")
    for i in range(errors.count()):
        box = errors.nth(i)
        message = box.locator("[data-testid=stMarkdownContainer]")
        texts.append((message.first if message.count() else box).inner_text().strip())
    return texts


def assert_no_error(page) -> None:
    """No exception box and no error alert on the page."""
    errors = error_texts(page)
    assert not errors, f"error on {page.url}: {errors}"


def screenshot(page, name: str) -> pathlib.Path:
    """A full-page screenshot under artifacts/ (kept out of git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- keyboard only -----------------------------------------------------------------------------

# The focused element's ring: its own outline, or its field's (Streamlit wraps inputs).
FOCUS_RING = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // A field's ring is on its frame, a table's on the table (screens/_ui/text.py FOCUS_CSS).
  const field = el.closest('[data-baseweb="input"],[data-baseweb="textarea"],'
    + '[data-baseweb="select"],[data-testid="stDataFrameResizable"]');
  const style = getComputedStyle(field || el);
  return {
    tag: el.tagName, text: (el.innerText || el.getAttribute('aria-label') || '').slice(0, 40),
    style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor,
  };
}"""


def tab_to(page, selector: str, limit: int = 60, text: str = "") -> list[dict]:
    """Press Tab until the focus is inside `selector` (and on an element whose text holds
    `text`, when given); every stop must show a focus ring."""
    # Our focus style arrives with the script's run (screens/_ui/text.py FOCUS_CSS); on the page's
    # very first paint only Streamlit's own styles exist for a moment.
    page.wait_for_function(
        "() => [...document.querySelectorAll('style')]"
        ".some(s => s.textContent.includes('outline: 3px solid #1f6f78'))"
    )
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring is None:
            continue
        stops.append(ring)
        assert ring["style"] != "none" and ring["width"] >= 2, f"focus not visible: {ring}"
        if page.evaluate(
            "([s, text]) => !!document.activeElement.closest(s)"
            " && (document.activeElement.innerText || '').includes(text)",
            [selector, text],
        ):
            return stops
    raise AssertionError(f"Tab never reached {selector}; stops: {stops}")
