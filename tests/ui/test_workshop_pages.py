"""The workshop pages: the facilitator's board and the participant's page render and work; a
participant's session reaches the join page and nothing else."""

from __future__ import annotations

import html

import pytest

from models import workshops as wm
from screens import _ui as ui
from screens._workshops.board import Keys
from services.plans import plans
from services.workshops import boards, workshops
from tests.ui.conftest import app_pages, form_key, has, new_app, open_page, problems, shown

PAGE = "screens/workshop.py"


def start(world, template="brainstorm", **settings):
    return workshops.start_workshop(
        world["coordinator"],
        world.city,
        wm.WorkshopCreate(
            title="Mobility LAG", template=template, settings=wm.WorkshopSettings(**settings)
        ),
    )


def facilitator(world, ws, role="coordinator"):
    return open_page(world[role].id, PAGE, state={Keys.WORKSHOP: ws.id})


def room_screen(world, ws, role="coordinator"):
    """The projector's screen, as a logged-in facilitator opens it (`/?room=ID`)."""
    at = new_app(world[role].id, query={"room": ws.id})
    at.run()
    return at


def texts(at) -> list[str]:
    """Every text and Markdown element's text (notes are one escaped Markdown element each)."""
    return [e.value for e in at.text] + [e.value for e in at.markdown]


def test_list_and_start_a_workshop(world):
    at = open_page(world["city_lead"].id, PAGE)
    assert not problems(at)
    at.text_input(key="workshop.new.title").input("Problem tree night")
    at.selectbox(key="workshop.new.template").select("problem_tree")
    at.button(key="workshop.new.submit").click().run()
    assert not problems(at)
    made = workshops.list_workshops(world["city_lead"], world.city)[0]
    assert made.title == "Problem tree night" and made.template == "problem_tree"
    assert any(made.code in s.value for s in at.subheader)  # the code, projected
    qr_images = [i for el in at.get("imgs") + at.get("image") for i in _imgs(el)]
    assert qr_images  # the QR code, with its alt text naming the join link
    assert qr_images[0].alt.startswith("QR code of the join link ")
    assert qr_images[0].alt.endswith(f"/?join={made.code}")
    assert has(at, "button", "workshop.phase.voting")


def test_lag_member_sees_workshops_without_controls(world):
    ws = start(world)
    at = facilitator(world, ws, "lag_member")
    assert not problems(at)
    assert not has(at, "button", "workshop.phase.voting")
    assert not has(at, "button", "workshop.promote.go")


def test_facilitator_runs_phases_and_projector(world):
    ws = start(world, hide_until_reveal=True)
    who = workshops.join(ws.code, "Awa", "c1")
    workshops.post_note(ws.id, who.token, wm.NoteCreate(text="Night buses", column="ideas"))
    workshops.post_note(ws.id, who.token, wm.NoteCreate(text="<b>*Ferry*</b>", column="ideas"))
    at = facilitator(world, ws)
    assert not problems(at)
    # one element per column, a paragraph per note: its text as typed (escaped), never markup
    notes = [p for m in at.markdown for p in html.unescape(shown(m.value)).split("\n\n")]
    assert any(p.startswith("Night buses\n") for p in notes)  # the facilitator sees every note
    assert any(p.startswith("<b>*Ferry*</b>\n") for p in notes)
    assert not any("<b>" in m.value for m in at.markdown)  # the markup is escaped
    at.button(key="workshop.phase.voting").click().run()
    assert not problems(at)
    assert workshops.load(ws.id).phase == "voting"
    room = room_screen(world, ws)
    assert not problems(room)
    assert not has(room, "button", "workshop.phase.voting")  # no controls on the projector
    assert any("Night buses" in m.value for m in room.markdown)  # big type, escaped
    assert not any("<b>" in m.value for m in room.markdown)


def test_participant_joins_by_link_posts_and_votes(world):
    ws = start(world, votes_per_person=2)
    at = new_app(query={"join": ws.code})
    at.run()
    assert not problems(at)
    assert at.text_input(key="join.code").value == ws.code
    at.text_input(key="join.name").input("Awa")
    at.button(key="join.submit").click().run()
    assert not problems(at)
    assert ws.title in [h.value for h in at.header]
    at.text_area(key="join.note").input("<b>Bike lanes</b>")
    at.button(key="join.post").click().run()
    assert not problems(at)
    # Shown as text, never as markup: one escaped Markdown element while notes are written.
    assert any(ui.md("<b>Bike lanes</b>") in e.value for e in at.markdown)
    assert not any("<b>Bike lanes</b>" in e.value for e in at.markdown)
    note = boards.facilitator_board(world["coordinator"], ws.id).notes[0]
    workshops.set_phase(world["coordinator"], workshops.load(ws.id), "voting")
    at.run()
    label = at.button(key=f"join.vote.{note.id}").label  # named after its note, escaped
    assert label.startswith("Vote: ") and "Bike lanes" in label and "<b>" not in label
    at.button(key=f"join.vote.{note.id}").click().run()
    assert not problems(at)
    assert boards.facilitator_board(world["coordinator"], ws.id).notes[0].votes == 1


def test_wrong_code_says_so(world):
    start(world)
    at = new_app(query={"join": "ZZZZZZZZ"})
    at.run()
    at.text_input(key="join.name").input("Eve")
    at.button(key="join.submit").click().run()
    assert any("no open workshop" in e for e in problems(at))
    assert not has(at, "text_area", "join.note")


@pytest.mark.parametrize("page", [p[0] for p in app_pages()])
def test_a_participant_reaches_nothing_else(world, page):
    ws = start(world)
    who = workshops.join(ws.code, "Awa", "c1")
    at = new_app(state={Keys.P_TOKEN: who.token, Keys.P_WORKSHOP: ws.id})
    at.run()
    assert not problems(at)
    assert [h.value for h in at.header] == [ws.title]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(page)


def test_participant_token_of_another_workshop_shows_nothing_of_it(world):
    ws, other = start(world), start(world)
    workshops.post_note(
        other.id,
        workshops.join(other.code, "Bob", "c2").token,
        wm.NoteCreate(text="secret of other", column="ideas"),
    )
    who = workshops.join(ws.code, "Awa", "c1")
    at = new_app(state={Keys.P_TOKEN: who.token, Keys.P_WORKSHOP: other.id})
    at.run()
    assert not problems(at)
    assert not any("secret of other" in text for text in texts(at))
    # the token is dropped: the session is back to an empty join form (the page it was on, which
    # the logged-out menu also serves at /join), holding nothing
    assert Keys.P_TOKEN not in at.session_state
    assert has(at, "text_input", "join.code") or has(at, "text_input", "login.username")
    assert not has(at, "text_area", "join.note")


def test_promote_from_the_page_and_conflict(world):
    ws = start(world, template="impact_effort", hide_until_reveal=False)
    who = workshops.join(ws.code, "Awa", "c1")
    note = workshops.post_note(ws.id, who.token, wm.NoteCreate(text="Night buses", column="ideas"))
    workshops.set_phase(world["coordinator"], workshops.load(ws.id), "voting")
    workshops.vote(ws.id, who.token, note.id)
    at = facilitator(world, ws, "city_lead")
    assert at.multiselect(key="workshop.promote.notes").value == [note.id]
    # someone edits the actions section after the page read the plan: a conflict, shown
    lead = world["city_lead"]
    plan = plans.get_plan(lead, world.city)
    content = plan.sections["actions"].content.model_dump()
    plans.save_section(world["coordinator"], plan, "actions", content)
    at.button(key="workshop.promote.go").click().run()
    assert at.warning, "the conflict is shown"
    assert workshops.load(ws.id).promotions == []
    at.button(key="workshop.promote.go").click().run()  # read again: goes through
    assert not problems(at)
    actions = plans.get_plan(lead, world.city).sections["actions"].content.actions
    assert actions[-1].title == "Night buses" and actions[-1].id == note.id


def test_join_hands_the_browser_its_cookie_code(world):
    ws = start(world)
    at = new_app(query={"join": ws.code})
    at.run()
    at.text_input(key="join.name").input("Awa")
    at.button(key="join.submit").click().run()
    assert not problems(at)
    beacon = at.session_state[Keys.P_BEACON]
    assert beacon.startswith(f"/api/workshop/bind?w={ws.id}&code=")
    assert any(beacon in h.proto.body for h in at.get("html"))  # the invisible image
    # once the route has used the code, the page stops offering it
    code = beacon.split("code=")[1]
    assert workshops.bind_cookie(ws.id, code)
    at.run()
    assert Keys.P_BEACON not in at.session_state


def test_a_reload_with_the_cookie_is_the_same_participant(world, monkeypatch):
    from screens._workshops import board

    ws = start(world, votes_per_person=3, hide_until_reveal=False)
    who = workshops.join(ws.code, "Awa", "c1")
    workshops.post_note(ws.id, who.token, wm.NoteCreate(text="Night buses", column="ideas"))
    cookie = workshops.bind_cookie(ws.id, who.handoff_code)
    name = workshops.cookie_name(ws.id)
    monkeypatch.setattr(board, "_cookies", lambda: {name: cookie, "other": "x"})
    at = new_app()  # a reload: a new session, no query, only the browser's cookies
    at.run()
    assert not problems(at)
    assert [h.value for h in at.header] == [ws.title]
    assert any("Awa" in c.value for c in at.caption)
    assert any("Night buses" in text for text in texts(at))
    assert at.session_state[Keys.P_TOKEN] == cookie
    # once the workshop closes, the same cookie opens nothing and the browser is told to drop it
    workshops.close_workshop(world["coordinator"], workshops.load(ws.id))
    again = new_app()
    again.run()
    assert not problems(again)
    assert Keys.P_TOKEN not in again.session_state
    # the join page, saying the workshop closed (not a login form)
    assert has(again, "text_input", "join.code")
    assert any(ws.title in i.value and "closed" in i.value for i in again.info)
    # the browser is told to drop the cookie (asked once, as an invisible image)
    beacons = "".join(h.proto.body for h in again.get("html"))
    assert f'src="/api/workshop/forget?w={ws.id}"' in beacons


def test_room_screen_shows_how_to_join_then_a_corner(world):
    ws = start(world)
    at = room_screen(world, ws)
    assert not problems(at)
    panel = "".join(h.proto.body for h in at.get("html"))
    assert f"<strong>{ws.code}</strong>" in panel and f"/?join={ws.code}" in panel
    assert 'alt="QR code of the join link http' in panel and 'width="360"' in panel
    assert not has(at, "button", "workshop.close")  # no controls
    assert not at.sidebar.children or not any(at.sidebar.children.values())
    workshops.join(ws.code, "Awa", "c1")
    at = room_screen(world, ws)
    panel = "".join(h.proto.body for h in at.get("html"))
    assert f"<strong>{ws.code}</strong>" in panel and 'width="120"' in panel  # the corner
    assert 'width="360"' not in panel


def test_room_screen_ranks_results_by_votes(world):
    ws = start(world, hide_until_reveal=False, votes_per_person=3, several_votes_per_note=True)
    people = [workshops.join(ws.code, f"P{i}", f"c{i}") for i in range(3)]
    first = workshops.post_note(ws.id, people[0].token, wm.NoteCreate(text="Shade", column="ideas"))
    second = workshops.post_note(
        ws.id, people[1].token, wm.NoteCreate(text="Water", column="ideas")
    )
    workshops.set_phase(world["coordinator"], workshops.load(ws.id), "voting")
    for who in people:  # Water 3 votes, Shade 1: posted first, ranked second
        workshops.vote(ws.id, who.token, second.id)
    workshops.vote(ws.id, people[0].token, first.id)
    workshops.set_phase(world["coordinator"], workshops.load(ws.id), "results")
    at = room_screen(world, ws)
    assert not problems(at)
    lines = [shown(m.value) for m in at.markdown]
    assert lines.index("# 3") < lines.index("# 1")
    ranked = [m for m in lines if m.startswith("## 1. ") or m.startswith("## 2. ")]
    assert ranked[0].startswith("## 1. Water") and ranked[1].startswith("## 2. Shade")


def test_vote_counts_hidden_during_voting_when_set(world):
    ws = start(world, hide_until_reveal=True)
    awa, bob = workshops.join(ws.code, "Awa", "c1"), workshops.join(ws.code, "Bob", "c2")
    note = workshops.post_note(ws.id, awa.token, wm.NoteCreate(text="Night buses", column="ideas"))
    workshops.set_phase(world["coordinator"], workshops.load(ws.id), "voting")
    workshops.vote(ws.id, bob.token, note.id)

    def counts_shown(at) -> bool:
        return any("Votes:" in c.value.replace("\\", "") for c in [*at.caption, *at.markdown])

    participant = new_app(state={Keys.P_TOKEN: awa.token, Keys.P_WORKSHOP: ws.id})
    participant.run()
    assert not problems(participant)
    assert "Night buses" in texts(participant) and not counts_shown(participant)
    room = room_screen(world, ws)
    assert any("Night buses" in m.value for m in room.markdown) and not counts_shown(room)
    # the facilitator's own board shows them; the results phase shows them to everyone
    assert counts_shown(facilitator(world, ws))
    workshops.set_phase(world["coordinator"], workshops.load(ws.id), "results")
    participant.run()
    shown = [c.value.replace("\\", "") for c in [*participant.caption, *participant.markdown]]
    assert any("Votes: 1" in value for value in shown)


def test_closing_asks_first_and_a_closed_workshop_can_reopen(world):
    ws = start(world)
    at = facilitator(world, ws)
    at.button(key="workshop.close").click().run()
    assert workshops.load(ws.id).status == "open"  # only asked
    at.button(key="workshop.close.no").click().run()
    assert not has(at, "button", "workshop.close.yes")
    at.button(key="workshop.close").click().run()
    at.button(key="workshop.close.yes").click().run()
    assert not problems(at)
    assert workshops.load(ws.id).status == "closed"
    at = facilitator(world, ws)
    at.button(key="workshop.reopen").click().run()
    assert not problems(at)
    assert workshops.load(ws.id).status == "open"


def test_a_reload_after_the_workshop_closed_says_so(world, monkeypatch):
    from screens._workshops import board

    ws = start(world)
    who = workshops.join(ws.code, "Awa", "c1")
    cookie = workshops.bind_cookie(ws.id, who.handoff_code)
    workshops.close_workshop(world["coordinator"], workshops.load(ws.id))
    monkeypatch.setattr(board, "_cookies", lambda: {workshops.cookie_name(ws.id): cookie})
    at = new_app()
    at.run()
    assert not problems(at)
    assert any("has closed" in s.value and ws.title in s.value for s in at.info)
    assert has(at, "text_input", "join.code")  # the join page, not a login form


def test_after_the_closed_notice_the_join_form_still_joins(world, monkeypatch):
    from screens._workshops import board

    old, new = start(world), start(world)
    who = workshops.join(old.code, "Awa", "c1")
    cookie = workshops.bind_cookie(old.id, who.handoff_code)
    workshops.close_workshop(world["coordinator"], workshops.load(old.id))
    monkeypatch.setattr(board, "_cookies", lambda: {workshops.cookie_name(old.id): cookie})
    at = new_app()
    at.run()
    at.text_input(key="join.code").input(new.code)
    at.text_input(key="join.name").input("Awa")
    at.button(key="join.submit").click().run()
    assert not problems(at)
    assert at.session_state[Keys.P_WORKSHOP] == new.id
    assert [h.value for h in at.header] == [new.title]
    assert not any("has closed" in i.value for i in at.info)


def test_a_phase_can_start_its_own_timer(world):
    ws = start(world)
    at = facilitator(world, ws)
    at.number_input(key="workshop.timer_minutes").set_value(4)
    at.checkbox(key="workshop.timer_each_phase").check()
    at.button(key="workshop.phase.voting").click().run()
    assert not problems(at)
    stored = workshops.load(ws.id)
    assert stored.phase == "voting" and 230 <= workshops.remaining_seconds(stored) <= 240


def _joined_phone(ws, name="Awa"):
    at = new_app(query={"join": ws.code})
    at.run()
    at.text_input(key="join.name").input(name)
    at.button(key="join.submit").click().run()
    assert not problems(at)
    return at


def test_a_phone_shows_the_newest_notes_and_every_note_on_asking(world):
    from screens._workshops import phone as live

    ws = start(world)
    written = [f"Idea number {i:03d}" for i in range(live.PHONE_NOTES + 5)]
    for text in written:
        boards.add_note(world["coordinator"], ws, wm.NoteCreate(text=text, column="ideas"))
    at = _joined_phone(ws)
    on_screen = [t for t in written if any(t in shown(m) for m in texts(at))]
    # the last ones written, in the order they were written (counted here, not by the page)
    assert on_screen == written[-live.PHONE_NOTES :]
    assert any(f"{live.PHONE_NOTES} newest of {len(written)}" in c.value for c in at.caption)
    at.button(key="join.all_notes").click().run()
    assert not problems(at)
    assert [t for t in written if any(t in shown(m) for m in texts(at))] == written
    # while voting, every note is there to vote on
    workshops.set_phase(world["coordinator"], workshops.load(ws.id), "voting")
    at = _joined_phone(ws, "Ben")
    assert all(has(at, "button", f"join.vote.{n.id}") for n in boards.board_snapshot(ws.id).notes)


def test_a_phone_says_when_the_room_is_busy_and_when_posting_too_fast(world, monkeypatch):
    ws = start(world)
    at = _joined_phone(ws)
    # the busy line is drawn by the browser after a slow run: it is in the page, hidden by CSS
    busy = [h.proto.body for h in at.get("html") if "atelier-busy" in h.proto.body]
    assert busy and html.escape(ui.t_plain("join.busy")) in busy[0]
    clock = [2_000_000.0]
    monkeypatch.setattr(workshops, "_clock", lambda: clock[0])
    for i in range(wm.POSTS_PER_WINDOW):
        clock[0] += 1
        workshops.post_note(
            ws.id, at.session_state[Keys.P_TOKEN], wm.NoteCreate(text=f"n{i}", column="ideas")
        )
    at.text_area(key=form_key(at, "join.note", "note", keys="join")).input("One too fast")
    at.button(key=form_key(at, "join.note", "post", keys="join")).click().run()
    assert any("posting fast" in e for e in problems(at))
    # the note stays in the form, to post again later
    assert at.text_area(key=form_key(at, "join.note", "note", keys="join")).value == "One too fast"


def _imgs(element) -> list:
    """The images of an image element (an ImageList, or one Image in newer Streamlit)."""
    proto = element.proto
    return list(proto.imgs) if hasattr(proto, "imgs") else [proto]
