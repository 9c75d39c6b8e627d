"""Text a person typed is drawn as that text in a real browser: no link, no mailto, no emoji,
no maths, no colour, no bold, no reversed line (the renderer, not only the escaped source)."""

from __future__ import annotations

from tests.e2e import helpers

NAME = "[tap](https://e.example) https://e.example www.e.example :smile: a@b.example"
NOTE_FREE = "$x^2$ :red[alert] **bold** <b>b</b>"
# Once the name is saved, the sidebar's name line (Markdown) must read exactly the typed text.
TYPED = f"{NAME} {NOTE_FREE}"


def test_a_display_name_full_of_markup_shows_as_typed(server, page):
    helpers.logged_in(page, server, "funder.demo", "account")
    helpers.fill(page, "account.display_name", TYPED)
    helpers.click(page, "account.profile.submit")
    helpers.assert_no_error(page)
    markdown = page.locator("[data-testid=stSidebar] [data-testid=stMarkdownContainer]")
    sidebar = markdown.filter(has_text="e.example").first
    sidebar.wait_for()
    page.wait_for_timeout(1000)  # the emoji and maths plugins load lazily
    text = sidebar.inner_text().replace("\u2060", "")
    assert text == TYPED
    assert sidebar.locator("a").count() == 0  # no link, no mailto
    assert sidebar.locator(".katex").count() == 0  # no maths
    assert sidebar.locator("[role=img], img").count() == 0  # no emoji
    assert sidebar.locator("strong b, strong strong, b").count() == 0  # no bold inside the bold
    assert "\U0001f604" not in text
