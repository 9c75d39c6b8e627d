"""A workshop in four browsers: a facilitator and three participants (two on phones) who join
by link, post and vote; the facilitator sees it all live, reveals, and promotes the top ideas
into the plan, whose history then names the workshop."""

from __future__ import annotations

from services.core import store
from services.plans import plans
from services.workshops import workshops
from tests.e2e import helpers, serve

CITY = "city-0001"  # Dakar: its city lead is lead.dakar
TITLE = "Atelier e2e mobilité"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
LIVE_MS = 12_000  # generous for four browsers on two cores; the fragment polls every 2 s


def with_store(server, fn):
    with serve.store_of(server.data_dir):
        return fn()


def participant(browser, phone: bool):
    if phone:
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            user_agent=IPHONE,
            locale="fr-FR",
        )
    else:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def test_facilitator_and_three_participants(server, browser, page):
    helpers.logged_in(page, server, "lead.dakar", "workshop")
    helpers.assert_no_error(page)
    helpers.fill(page, "workshop.new.title", TITLE)
    helpers.select_option(page, "workshop.new.template", "Impact / effort")
    helpers.click(page, "workshop.new.submit")
    helpers.assert_no_error(page)
    ws = with_store(
        server,
        lambda: next(
            w
            for w in store.get().find(workshops.WORKSHOPS, {"city_id": CITY})
            if w["title"] == TITLE
        ),
    )
    code = ws["code"]
    page.get_by_text(code).first.wait_for()  # the code is on the facilitator's screen
    page.locator("[data-testid*=stImage] img").first.wait_for()  # the QR code

    people = []
    try:
        for n, phone in enumerate((False, True, True)):
            context, p = participant(browser, phone)
            people.append(context)
            p.goto(f"{server.url}/?join={code}")
            helpers.wait_idle(p, timeout=30_000)
            helpers.fill(p, "join.name", f"Personne {n + 1}")
            helpers.click(p, "join.submit")
            helpers.assert_no_error(p)
            assert p.locator("[data-testid=stSidebarNav]").count() == 0  # nothing else
            helpers.fill(p, "join.note", f"Idée numéro {n + 1}")
            helpers.click(p, "join.post")
            helpers.assert_no_error(p)
            # live on the facilitator's screen, with no action there
            page.get_by_text(f"Idée numéro {n + 1}").first.wait_for(timeout=LIVE_MS)
        pages = [c.pages[0] for c in people]

        # hidden until the reveal: the second participant does not see the first's note yet
        assert pages[1].get_by_text("Idée numéro 1").count() == 0
        helpers.click(page, "workshop.reveal")
        pages[1].get_by_text("Idée numéro 1").first.wait_for(timeout=LIVE_MS)

        notes = with_store(
            server, lambda: store.get().find(workshops.NOTES, {"workshop_id": ws["_id"]})
        )
        first = next(n["_id"] for n in notes if n["text"] == "Idée numéro 1")
        second = next(n["_id"] for n in notes if n["text"] == "Idée numéro 2")
        helpers.click(page, "workshop.phase.voting")
        for p in pages:
            helpers.by_key(p, f"join.vote.{first}").wait_for(timeout=LIVE_MS)
            helpers.click(p, f"join.vote.{first}")
            helpers.assert_no_error(p)
        helpers.click(pages[0], f"join.vote.{second}")

        helpers.click(page, "workshop.phase.results")
        helpers.assert_no_error(page)
        helpers.by_key(page, "workshop.promote.go").wait_for()
        helpers.click(page, "workshop.promote.go")
        helpers.assert_no_error(page)
        helpers.screenshot(page, "workshop-facilitator")
        helpers.screenshot(pages[1], "workshop-phone")
    finally:
        for context in people:
            context.close()

    def promoted():
        plan = plans.find_plan(CITY)
        actions = plan.sections["actions"].content.actions
        history = [
            line.get("note", "") for line in store.get().find("activity", {"entity_id": plan.id})
        ]
        return [(a.id, a.title) for a in actions], history

    actions, history = with_store(server, promoted)
    assert (first, "Idée numéro 1") in actions and (second, "Idée numéro 2") in actions
    assert any(ws["_id"] in note for note in history)
    # and the plan page still opens (its actions table is drawn on a canvas: checked above)
    helpers.open_page(page, server, "plan")
    helpers.assert_no_error(page)
