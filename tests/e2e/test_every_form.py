"""Every form of the app, double- and triple-clicked in a real browser (issue 20).

The forms are found, not listed: for each role, the test opens every page of its menu and
takes every `st.form` the page draws (opening the tab or expander it sits in), so a new form is
covered without editing this file. The pages are shared out between three parts (PARTS), each
a test on its own server, which parallel test processes run side by side. A form drawn by
several pages or roles of a part (one per city, per card ...) is driven once, by the first role
that meets it. Each form gets its empty fields filled
with valid values (a marker text unique to the form in each text field), then a double click on
its submit button, then, once a person could have typed again, a triple click. The triple
click waits for the next form's double click (on the same page, with the same tab open), as a
person moving between two forms would: BURST_S has passed meanwhile, without waiting for it.

After each burst of clicks, once the page has answered every click, read from the store beside
the server:
- one submission, one write: no collection gains more than one document, no document's
  revision moves by more than one;
- nothing typed is lost: every marker typed into the form is in what was written;
- the page shows no error and no exception (a repeated click shows the first result);
- nothing is written late: the store is read again before the next burst (and at the end of
  each role's walk), and holds what it held when the burst was counted.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError

from screens._ui import forms as ui_forms
from services.core import collections, store
from tests.e2e import conftest, helpers, serve

# One demo account per role (tests/e2e/conftest.py seeds the demo and the admin).
ACCOUNTS = {
    "admin": conftest.ADMIN_USERNAME,
    "coordinator": "coordinator.demo",
    "city_lead": "lead.ghent",
    "lag_member": "lag.ghent",
    "viewer": "funder.demo",
}
# What no form writes itself: the audit trail, sessions and derived summaries.
DERIVED = {
    collections.ACTIVITY,
    collections.PRESENCE,
    collections.LOGIN_SESSIONS,
    collections.REVISIONS,
    collections.ROLLUPS,
    collections.REMINDERS_SENT,
    collections.WORKSHOP_THROTTLE,
}
# New passwords, in turn (a change to the password one has is refused).
NEW_PASSWORDS = ("lanterns over the quiet harbour", "gulls above the morning ferry")
# Select boxes whose first option is "none", where the form needs one: pick the next option.
REQUIRED_CHOICES = ("country",)
SUBMIT = "[data-testid=stFormSubmitButton]"
KEY = re.compile(r"\bst-key-(\S+)")

# Opens the expanders the form sits in (a click on each closed one, outermost first).
REVEAL = """form => {
  const closed = [];
  for (let el = form; el; el = el.parentElement) {
    if (el.tagName === 'DETAILS' && !el.open) closed.push(el.querySelector('summary'));
  }
  closed.reverse().forEach(el => el.click());
  return closed.length;
}"""
# The tabs the form sits in, outermost first, as [tab group, tab] indexes in document order.
TABS = """form => {
  const groups = [...document.querySelectorAll('[data-testid=stTabs]')];
  const path = [];
  for (let panel = form.closest('[data-testid=stTabPanel]'); panel;
       panel = panel.parentElement.closest('[data-testid=stTabPanel]')) {
    const group = panel.closest('[data-testid=stTabs]');
    const own = sel => [...group.querySelectorAll(sel)]
      .filter(e => e.closest('[data-testid=stTabs]') === group);
    path.push([groups.indexOf(group), own('[data-testid=stTabPanel]').indexOf(panel)]);
  }
  return path.reverse();
}"""


def snapshot(server) -> dict[str, dict[str, dict]]:
    """Every document a form may write, by collection and id (read as another process would)."""
    with serve.store_of(server.data_dir):
        db = store.get()
        return {
            coll: {str(doc["_id"]): doc for doc in db.find(coll, {})}
            for coll in db.collection_names()
            if coll not in DERIVED and not coll.startswith("_")
        }


def written(before: dict, after: dict) -> tuple[dict[str, list[dict]], list[str]]:
    """(new or changed documents by collection, what breaks "one submission, one write")."""
    changes: dict[str, list[dict]] = {}
    wrong = []
    for coll, docs in after.items():
        old = before.get(coll, {})
        new = [doc for doc_id, doc in docs.items() if doc_id not in old]
        if len(new) > 1:
            wrong.append(f"{len(new)} new documents in {coll}")
        changed = [doc for doc_id, doc in docs.items() if doc_id in old and doc != old[doc_id]]
        for doc in changed:
            moved = doc.get("revision", 0) - old[str(doc["_id"])].get("revision", 0)
            if moved > 1:
                wrong.append(f"{coll} {doc['_id']} written {moved} times")
        if new or changed:
            changes[coll] = new + changed
    return changes, wrong


# Counts the clicks that reach the submit button whose key starts with `base` (any version of
# it: the burst's last clicks may land on the form its first click's save drew), from zero.
COUNT_CLICKS = """base => {
  window.__atelierSubmitClicks = 0;
  window.__atelierSubmitKey = 'st-key-' + base;
  if (window.__atelierCounting) return;
  window.__atelierCounting = true;
  document.addEventListener('click', e => {
    const button = e.target.closest('[data-testid=stFormSubmitButton]');
    const keyed = button && button.closest('[class*=st-key-]');
    if (keyed && keyed.className.includes(window.__atelierSubmitKey)) {
      window.__atelierSubmitClicks++;
    }
  }, true);
}"""


def settled(locator, within_s: float = 10.0) -> None:
    """Scroll `locator` into view and wait until it stays put for 0.3 s (a chart or a
    table drawn after the run ends moves what is below it)."""
    locator.scroll_into_view_if_needed()
    deadline = time.monotonic() + within_s
    last, still_since = None, time.monotonic()
    while time.monotonic() < deadline:
        box = locator.bounding_box()
        if box != last:
            last, still_since = box, time.monotonic()
        elif time.monotonic() - still_since >= 0.3:
            return
        time.sleep(0.1)


def visible(locator, within_s: float = 3.0) -> bool:
    """Whether `locator` is visible within `within_s` seconds (a tab redraws in a moment)."""
    deadline = time.monotonic() + within_s
    while not locator.is_visible():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def signature(key: str) -> str:
    """A form's submit key without its version and ids: the same form drawn for another city,
    card or session has the same signature."""
    key = re.sub(r"-v\d+$", "", key)
    return "-".join("#" if re.search(r"\d", part) else part for part in key.split("-"))


def submit_keys(page) -> list[str]:
    """The keys (as in their CSS class) of the submit buttons of the forms on the page."""
    classes = page.locator(f"[data-testid=stForm] {SUBMIT}").evaluate_all(
        "els => els.map(e => (e.closest('[class*=st-key-]') || e).className)"
    )
    return [m.group(1) for c in classes if (m := KEY.search(c))]


class Driver:
    """Drives the forms of one role's session, in one browser context."""

    def __init__(self, server, page, role: str, passwords: dict[str, str]):
        self.server, self.page, self.role, self.passwords = server, page, role, passwords
        self.count = 0
        self.typed_password = ""
        self.idle_at: dict[str, float] = {}  # a form's signature -> its last burst's end
        self.counted: tuple[str, dict] | None = None  # the last burst, and the store after it
        self.shown_by: dict[str, int | None] = {}  # a form's key -> the tab that showed it
        self.triples = 0  # the triple clicks made

    def form_of(self, key: str):
        return self.page.locator("[data-testid=stForm]").filter(
            has=self.page.locator(f".st-key-{key}")
        )

    def tabs(self):
        return self.page.locator("[data-testid=stTabs] [role=tab]")

    def open_tab(self, i: int) -> None:
        self.tabs().nth(i).click()  # a real click: the tabs answer pointer events
        helpers.wait_idle(self.page)  # a tab that runs only when open draws its content now

    def every_submit_key(self) -> list[str]:
        """The submit keys of the page's forms, each tab opened in turn (a tab that runs only
        while open has its forms in the page only then); which tab showed each one is kept."""
        found: dict[str, int | None] = dict.fromkeys(submit_keys(self.page))
        shown: list[set[str]] = []  # the forms in the page with each tab open
        for i in range(self.tabs().count()):
            self.open_tab(i)
            shown.append(set(submit_keys(self.page)))
            found.update(dict.fromkeys(shown[-1] - found.keys()))
        # A form in every tab's page is outside the tabs (or in a tab drawn eagerly); else the
        # first tab that showed it is the one to open.
        self.shown_by = {
            key: None
            if all(key in keys for keys in shown)
            else next((i for i, keys in enumerate(shown) if key in keys), None)
            for key in found
        }
        return list(found)

    def reveal(self, key: str) -> None:
        """Open the tabs and expanders the form sits in: first the tab that runs only while
        open, if the form is not in the page; then the tabs it is in (not each in turn)."""
        if not self.form_of(key).count() and self.shown_by.get(key) is not None:
            self.open_tab(self.shown_by[key])
        form = self.form_of(key).first
        button = form.locator(f".st-key-{key} button")
        opened = form.evaluate(REVEAL)
        if not button.is_visible():
            groups = self.page.locator("[data-testid=stTabs]")
            for group, tab in form.evaluate(TABS):
                # A real click: the tabs answer pointer events. A group's own tabs come before
                # the tabs nested in its panels.
                groups.nth(group).locator("[role=tab]").nth(tab).click()
            opened += form.evaluate(REVEAL)
        try:
            button.wait_for(state="visible")
        except PlaywrightError as exc:
            raise AssertionError(f"{key}: its form cannot be opened") from exc
        if opened:  # an expander unfolds: its fields are filled once it has (fill skips the
            settled(form)  # hidden ones; once, under load, a city form was sent unfilled)

    def fill(self, form, label: str) -> list[str]:
        """Fill the empty fields of `form` with valid values; the markers typed."""
        markers = []
        fields = form.locator("input:not([role=combobox]), textarea")
        for i in range(fields.count()):
            field = fields.nth(i)
            if not field.is_visible() or not field.is_editable():
                continue
            kind = field.get_attribute("type") or "text"
            key = (field.evaluate("e => e.closest('[class*=st-key-]')?.className") or "").lower()
            if kind == "password":
                current = self.passwords[self.role]
                old = "old" in key or "current" in key
                fresh = next(p for p in NEW_PASSWORDS if p != current)
                field.fill(current if old else fresh)
                self.typed_password = fresh
                continue
            if field.input_value() or kind not in ("text", "number", "textarea"):
                continue
            if re.search(r"_ids\b", key):  # references to other records: optional, left empty
                continue
            if kind == "number" or field.get_attribute("inputmode") in ("decimal", "numeric"):
                field.fill("2")
                continue
            self.count += 1
            if "email" in key:
                field.fill(f"check{self.count}@example.org")
            elif "username" in key:
                field.fill(f"check.{self.count}")
            else:
                marker = f"Check {label} {self.count}"
                field.fill(marker)
                markers.append(marker)
        boxes = form.locator("[data-testid=stCheckbox]")
        for i in range(boxes.count()):  # "approve anyway", "blockers": the paths that write
            box = boxes.nth(i)
            if box.is_visible() and not box.locator("input").is_checked():
                box.locator("label").first.click()
        for name in REQUIRED_CHOICES:
            widget = f"[class*='-{name} '], [class$='-{name}'], [class*='-{name}-v']"
            box = form.locator(f":is({widget}) [role=combobox]")
            if box.count() and box.first.is_visible():
                option = self.page.get_by_role("option").nth(1)
                for _ in range(3):  # a click while the form redraws may not open the list,
                    box.first.click()  # and a long list (countries) may move under the click
                    if visible(option):
                        try:
                            option.click(timeout=5_000)
                            break
                        except PlaywrightError:
                            self.page.keyboard.press("Escape")
        # Nothing typed or chosen inside a form starts a run (only its submit button does):
        # only one still going to wait for.
        helpers.wait_idle(self.page)
        return markers

    def after_the_burst(self, key: str) -> None:
        """Wait until a person could send the form `key` again: BURST_S (and a margin) after
        the page was idle on its last burst's save (what was done since took part of it)."""
        left = self.idle_at.get(signature(key), 0.0) + ui_forms.BURST_S + 0.3 - time.monotonic()
        if left > 0:
            self.page.wait_for_timeout(int(left * 1000))

    def written_late(self, now: dict) -> list[str]:
        """What the last burst's clicks wrote after it was counted (nothing else writes
        between bursts: pages, tabs and typing do not)."""
        if self.counted is None:
            return []
        what, then = self.counted
        changes, _ = written(then, now)
        if not changes:
            return []
        return [f"{what}: written after the page had answered: {sorted(changes)}"]

    def finish(self) -> list[str]:
        """The role's walk is over: what its last burst wrote late."""
        return self.written_late(snapshot(self.server))

    def again(self, key: str, label: str) -> list[str]:
        """The triple click on the form `key` had a double click (drawn anew since, under
        another key of the same signature): opening the tab it was found in if it is not in
        the page."""
        if not self.now(key) and self.shown_by.get(key) is not None:
            self.open_tab(self.shown_by[key])
        now = self.now(key)
        if not now:
            return [f"{self.role} {key}: gone from the page before its triple click"]
        self.triples += 1
        return self.burst(now[0], 3, label, again=True)

    def now(self, key: str) -> list[str]:
        """The keys of the forms in the page with the signature of `key`."""
        return [k for k in submit_keys(self.page) if signature(k) == signature(key)]

    def burst(self, key: str, clicks: int, label: str, again: bool = False) -> list[str]:
        """Fill the form, click its submit `clicks` times; what went wrong. `again`: the same
        form after its last burst: the clicks wait for the end of its burst window, as a
        person's would."""
        self.reveal(key)
        markers = self.fill(self.form_of(key).first, label)
        if again:
            self.after_the_burst(key)
        before = snapshot(self.server)
        late = self.written_late(before)
        # What was typed is still in the form when its button is clicked.
        shown = (
            self.form_of(key)
            .first.locator("input, textarea")
            .evaluate_all("els => els.map(e => e.value)")
        )
        gone = [m for m in markers if m not in shown]
        if gone:
            helpers.screenshot(self.page, f"every-form-{self.role}-{key}-typed")
            late.append(f"{self.role} {key}: typed {gone} gone from the form before the click")
        button = self.form_of(key).first.locator(f".st-key-{key} button")
        base = re.sub(r"-v\d+$", "", key)
        if button.count() == 0:  # the form moved on to its next version meanwhile
            button = self.page.locator(f"[class*='st-key-{base}'] button")
        # The burst must reach the button: a chart drawn late above the form moves it under the
        # pointer, and a click that lands elsewhere sends nothing. So the button is clicked
        # once it stays put, and clicked again only if none of the burst's clicks reached it.
        for _ in range(3):
            settled(button.first)
            self.page.evaluate(COUNT_CLICKS, base)
            button.first.click(click_count=clicks, delay=30)
            if self.page.evaluate("window.__atelierSubmitClicks"):
                break
            helpers.wait_idle(self.page)
        else:
            return late + [f"{self.role} {key} x{clicks}: no click reached the button"]
        # Every click sent has been answered (helpers.wait_idle watches the page's WebSocket);
        # a write that comes later still is caught by the next reading (written_late).
        helpers.wait_idle(self.page)
        self.idle_at[signature(key)] = time.monotonic()
        after = snapshot(self.server)
        self.counted = (f"{self.role} {key} x{clicks}", after)
        changes, wrong = written(before, after)
        text = json.dumps(changes, default=str)
        wrong += [f"typed {m!r} is not stored" for m in markers if changes and m not in text]
        if markers and not changes:  # an edit form sent unchanged may write nothing
            wrong.append("nothing written")
        wrong += [f"error shown: {e}" for e in helpers.error_texts(self.page)]
        if wrong:  # what the page showed, for whoever reads the failure (artifacts/)
            helpers.screenshot(self.page, f"every-form-{self.role}-{key}-x{clicks}")
        if key.startswith("account-password") and changes:
            self.passwords[self.role] = self.typed_password
        return late + [f"{self.role} {key} x{clicks}: {w}" for w in wrong]


# The walk is split into parts by page, each on its own copy of the demo store and its own
# server (`own_server`), so that parallel test processes (pytest-xdist) share it out; a page in
# no part's list falls to the last part, so a new page is walked without editing this file. The
# split follows where the forms are: the plan page holds 11 of them, the experiments page 9.
PARTS = {"plan": {"plan"}, "experiments": {"experiments", "coordination"}, "other pages": None}


def in_part(part: str, path: str) -> bool:
    pages = PARTS[part]
    if pages is not None:
        return path in pages
    return not any(path in named for named in PARTS.values() if named is not None)


@pytest.mark.slow
@pytest.mark.parametrize("part", [pytest.param(p, marks=pytest.mark.xdist_group(p)) for p in PARTS])
def test_every_form_takes_a_double_and_a_triple_click_as_one_submission(own_server, browser, part):
    server = own_server
    started = time.monotonic()
    passwords = dict.fromkeys(ACCOUNTS, server.demo_password)
    passwords["admin"] = server.admin_password
    seen: dict[str, str] = {}
    problems: list[str] = []
    triples = 0
    for role, username in ACCOUNTS.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.set_default_navigation_timeout(60_000)
        helpers.logged_in(page, server, username)
        driver = Driver(server, page, role, passwords)
        for path in helpers.menu_paths(page):
            if not in_part(part, path):
                continue
            helpers.open_page(page, server, path or "-")
            waiting: tuple[str, str] | None = None  # the form whose triple click comes next
            for key in driver.every_submit_key():
                if signature(key) in seen:
                    continue
                seen[signature(key)] = f"{role} {path or '/'}"
                label = f"f{len(seen)}"
                if waiting and driver.shown_by.get(waiting[0]) not in (None, driver.shown_by[key]):
                    problems += driver.again(*waiting)  # before another tab opens
                    waiting = None
                problems += driver.burst(key, 2, label)
                if waiting:
                    problems += driver.again(*waiting)
                waiting = (key, label) if driver.now(key) else None
            if waiting:
                problems += driver.again(*waiting)
        problems += driver.finish()
        triples += driver.triples
        context.close()
    took = time.monotonic() - started
    print(f"\n{part}: {len(seen)} forms, {triples} triple clicks, in {took:.0f} s: {sorted(seen)}")
    assert len(seen) >= 5, seen  # the walk found this part's forms
    assert not problems, "\n".join(problems)
