"""The issue's payloads, typed where people type, seen in a real browser on every page of a
coordinator's and a city lead's menu (issue 20): no live link, mailto, emoji, maths, bold or
reversed line comes out of user text; what the renderer drew is checked, not the source.

Planted through the services, beside the running server: a city's challenge and a
facilitator's note with a web address, an emoji shortcode, maths and a right-to-left override
(a name refuses control characters), a workshop title with a log-in link, a display name with
an e-mail address.
"""

from __future__ import annotations

from models import workshops as wm
from models.city import CityFields
from models.user import Profile
from services.accounts import accounts, login
from services.network import networks
from services.workshops import boards, workshops
from tests.e2e import helpers, serve

LINK = "[tap here to log in again](https://evil.example/login)"
NOTE = (
    "see https://evil.example and www.evil.example :smile: $x^2$ **loud** :red[alert]"
    " \u202etxet desrever"
)
NAME = "Ama a@evil.example"
CITY, LEAD = "city-0010", "lead.ghent"  # Ghent (the lead's city)

# Anything the renderer made of the payloads: a link to them, maths, an emoji, bold from
# user text (our own labels are not bold with these words).
RENDERED = """() => {
  const main = document.querySelector('[data-testid=stApp]');
  const links = [...main.querySelectorAll('a')]
    .map(a => a.getAttribute('href') || '').filter(h => /evil\\.example/.test(h));
  const bold = [...main.querySelectorAll('strong, b')]
    .map(e => e.innerText).filter(t => /loud/.test(t));
  return {
    links, bold,
    katex: main.querySelectorAll('.katex').length,
    emoji: main.innerText.includes('\\u{1F604}'),
    bidi: /[\\u202a-\\u202e]/.test(main.innerText),
    red: [...main.querySelectorAll('span')].filter(
      s => s.innerText === 'alert' && s.style.color).length,
  };
}"""


def plant(server) -> None:
    """The payloads, written as the people who type them would (through the services)."""
    with serve.store_of(server.data_dir):
        lead = login.authenticate(LEAD, server.demo_password)
        city = networks.get_city(lead, CITY)
        networks.update_city(
            lead,
            city,
            CityFields(
                name=city.name,
                country=city.country,
                cluster=city.cluster,
                challenge=NOTE,
                team=city.team,
            ),
        )
        accounts.update_profile(lead, Profile(display_name=NAME, language="en"))
        workshop = workshops.start_workshop(
            lead, CITY, wm.WorkshopCreate(title=LINK, template="brainstorm")
        )
        boards.add_note(lead, workshop, wm.NoteCreate(text=NOTE, column=workshop.columns[0]))


def test_payloads_show_as_typed_on_every_page(server, page):
    page.set_default_navigation_timeout(60_000)
    plant(server)
    helpers.logged_in(page, server, LEAD)
    seen = {}
    for path in helpers.menu_paths(page):
        helpers.open_page(page, server, path or "-")
        page.wait_for_timeout(300)  # the emoji and maths plugins load lazily
        found = page.evaluate(RENDERED)
        seen[path or "/"] = found
        assert found == {
            "links": [],
            "bold": [],
            "katex": 0,
            "emoji": False,
            "bidi": False,
            "red": 0,
        }, f"{path}: {found}"
        helpers.assert_no_error(page)
    # The payloads were on screen (the check looked at them): the workshop page shows the
    # title as typed, the sidebar the name with its address as text.
    helpers.open_page(page, server, "workshop")
    # (ui.md puts an invisible word joiner after a colon or an at sign: match the words.)
    assert page.get_by_text("tap here to log in again").count() > 0
    assert page.locator("[data-testid=stSidebar]").get_by_text("Ama a@").count() > 0
    assert len(seen) >= 10
