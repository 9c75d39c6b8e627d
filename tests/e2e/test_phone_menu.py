"""On a phone (an iPhone's device descriptor at 390x844): from a page to another in two taps
(open the menu, choose the page), and the menu out of the way once the page is chosen.

Streamlit closes its sidebar after a choice only when the browser reports a mobile user agent
(STACK.md): every phone browser does. A desktop browser narrowed to 390 px keeps the menu open
over the page (a third tap closes it); that is Streamlit's behaviour, not tested here.
"""

from __future__ import annotations

import urllib.parse

from tests.e2e import helpers

COORDINATOR = "coordinator.demo"
# (from, to) url paths of the coordinator's menu; "" is the landing page (home).
TRIPS = [("", "experiments"), ("experiments", "progress"), ("progress", "story")]


def _sidebar_open(page) -> bool:
    box = page.locator("[data-testid=stSidebar]").bounding_box()
    return box is not None and box["width"] > 0 and box["x"] + box["width"] > 0


def _title_uncovered(page) -> bool:
    """The page's title is the topmost thing where it is drawn (no menu over it)."""
    return page.locator("h1").first.evaluate(
        """h => { const r = h.getBoundingClientRect();
                  const top = document.elementFromPoint(r.left + r.width / 2,
                                                        r.top + r.height / 2);
                  return r.width > 0 && top !== null && h.contains(top); }"""
    )


def _path(page) -> str:
    return urllib.parse.urlparse(page.url).path.strip("/")


def test_a_phone_changes_page_in_two_taps_and_the_menu_gets_out_of_the_way(server, iphone_page):
    page = iphone_page
    assert "iPhone" in page.evaluate("navigator.userAgent")
    helpers.logged_in(page, server, COORDINATOR)
    assert not _sidebar_open(page), "the menu covers the landing page"

    for start, target in TRIPS:
        assert _path(page) == start
        title = page.locator("h1").first.inner_text()
        taps = 0
        page.locator("[data-testid=stExpandSidebarButton]").tap()  # open the menu
        taps += 1
        helpers.nav_link(page, target).first.wait_for(state="visible")
        helpers.nav_link(page, target).first.tap()  # choose the page
        taps += 1
        helpers.wait_idle(page)
        page.wait_for_timeout(500)  # the menu's closing animation
        helpers.assert_no_error(page)
        assert _path(page) == target
        assert page.locator("h1").first.inner_text() != title
        assert taps <= 2
        assert not _sidebar_open(page), f"the menu stays open over {target}"
        assert _title_uncovered(page), f"something covers the title of {target}"
    helpers.screenshot(page, "phone-menu")
