"""The room's screen in a browser: the projector's address shows the workshop alone, without the
app's menu, the facilitator's name or reminders, and ranks the results by votes."""

from __future__ import annotations

from models import workshops as wm
from services.accounts import accounts
from services.core import collections, store
from services.workshops import workshops
from tests.e2e import helpers, serve

CITY = "city-0001"  # Dakar: its city lead is lead.dakar


def _results_workshop() -> tuple[wm.Workshop, str]:
    """A brainstorm in its results phase: 'Water' has 3 votes, 'Shade' (posted first) 1."""
    lead = accounts.get_user(
        store.get().find_one(collections.USERS, {"username": "lead.dakar"})["_id"]
    )
    ws = workshops.start_workshop(
        lead,
        CITY,
        wm.WorkshopCreate(
            title="Room screen e2e",
            template="brainstorm",
            settings=wm.WorkshopSettings(
                hide_until_reveal=False, votes_per_person=3, several_votes_per_note=True
            ),
        ),
    )
    people = [workshops.join(ws.code, f"P{n}", f"room-e2e-{n}") for n in range(3)]
    post = workshops.post_note
    shade = post(ws.id, people[0].token, wm.NoteCreate(text="Shade", column="ideas"))
    water = post(ws.id, people[1].token, wm.NoteCreate(text="Water", column="ideas"))
    workshops.set_phase(lead, workshops.load(ws.id), "voting")
    for who in people:
        workshops.vote(ws.id, who.token, water.id)
    workshops.vote(ws.id, people[0].token, shade.id)
    workshops.set_phase(lead, workshops.load(ws.id), "results")
    return workshops.load(ws.id), lead.display_name


def test_room_screen_has_no_navigation_nothing_private_and_ranks_by_votes(server, page):
    with serve.store_of(server.data_dir):
        ws, name = _results_workshop()
    helpers.logged_in(page, server, "lead.dakar")
    assert page.get_by_text(name).count()  # the app's own pages show the name in the sidebar
    page.goto(f"{server.url}/?room={ws.id}")  # what the workshop page's room-screen link opens
    page.get_by_text("Water").first.wait_for()
    helpers.wait_idle(page)
    helpers.assert_no_error(page)
    assert page.locator("[data-testid=stSidebar]").count() == 0
    assert page.locator("[data-testid=stSidebarNav]").count() == 0
    assert page.locator("[data-testid=stSidebarCollapsedControl]").count() == 0
    body = page.inner_text("body")
    assert name not in body
    assert "lead.dakar" not in body
    assert ws.title in body
    # ranked by votes: Water (3) above Shade (1), though Shade was posted first
    assert body.index("1. Water") < body.index("2. Shade")
    counts = page.locator("h1").all_inner_texts()
    assert counts.index("3") < counts.index("1")
