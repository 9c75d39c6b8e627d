"""The way back from the plan to a workshop (AppTest): a promoted action shows its workshop in
the plan page with a link that opens that workshop, whose results list where the item went; the
city's next check-in asks what happened with it and stores the answer."""

from __future__ import annotations

import urllib.parse

from models import workshops as wm
from services.plans import plans
from services.reporting import checkins
from services.workshops import boards, promote, workshops
from tests.ui.conftest import form_key, open_page, problems, shown


def promoted(world) -> tuple[wm.Workshop, wm.Note]:
    """A workshop of the city whose top idea was promoted into the plan's actions."""
    ws = workshops.start_workshop(
        world["coordinator"],
        world.city,
        wm.WorkshopCreate(
            title="Night mobility",
            template="impact_effort",
            settings=wm.WorkshopSettings(hide_until_reveal=False),
        ),
    )
    who = workshops.join(ws.code, "Awa", "trail-client")
    note = workshops.post_note(ws.id, who.token, wm.NoteCreate(text="Night buses", column="ideas"))
    workshops.set_phase(world["coordinator"], ws, "voting")
    workshops.vote(ws.id, who.token, note.id)
    lead = world["city_lead"]
    done = promote.promote(lead, ws.id, plans.get_plan(lead, world.city), [note.id])
    return done, note


def test_a_promoted_action_links_back_to_its_workshop_in_the_plan_page(world):
    ws, note = promoted(world)
    at = open_page(world["city_lead"].id, "screens/plan.py", query={"city": world.city})
    assert not problems(at)
    # the city lead edits the plan: the actions' editor has a read-only "workshop" column
    actions = next(d.value for d in at.dataframe if "workshop" in d.value.columns)
    row = actions[actions["title"] == "Night buses"]
    assert list(row["workshop"]) == ["Night mobility"]
    # the actions typed in the plan name no workshop (recomputed from the workshop's record)
    promoted_ids = {i for p in ws.promotions for i in p.item_ids}
    plan_actions = plans.find_plan(world.city).sections["actions"].content.actions
    typed = {a.title for a in plan_actions if a.id not in promoted_ids}
    assert set(actions[actions["workshop"].fillna("") == ""]["title"]) == typed
    link = "workshop?" + urllib.parse.urlencode({"open": ws.id})
    assert any(link in m.value and "Night mobility" in shown(m.value) for m in at.markdown)
    # a LAG member reads the plan: the table says "From workshop"
    at = open_page(world["lag_member"].id, "screens/plan.py", query={"city": world.city})
    table = next(d.value for d in at.dataframe if "From workshop" in d.value.columns)
    assert list(table[table["Title"] == "Night buses"]["From workshop"]) == ["Night mobility"]
    assert any(link in m.value for m in at.markdown)

    # following the link opens that workshop, whose results say where the note went
    at = open_page(world["city_lead"].id, "screens/workshop.py", query={"open": ws.id})
    assert not problems(at)
    assert any("Night mobility" in shown(h.value) for h in at.header)
    trail = next(d.value for d in at.dataframe if "Went to" in d.value.columns)
    assert list(trail["Item"]) == ["Night buses"]
    assert list(trail["Went to"]) == ["Plan: actions"]
    assert list(trail["Status now"]) == ["Planned, 0 %"]


def test_the_next_checkin_asks_what_happened_with_a_decided_action(world):
    ws, note = promoted(world)
    lead = world["city_lead"]
    at = open_page(lead.id, "screens/checkin.py", query={"city": world.city})
    assert not problems(at)
    key = form_key(at, "checkin", f"follow.{note.id}")
    question = at.text_input(key=key)
    assert "Night buses" in shown(question.label) and "Night mobility" in shown(question.label)
    question.input("The first night line runs since Monday")
    at.button(key=form_key(at, "checkin", "save")).click().run()
    assert not problems(at)
    made = checkins.list_checkins(lead, world.city)[0]
    assert [(f.item_id, f.workshop_id, f.answer) for f in made.follow_through] == [
        (note.id, ws.id, "The first night line runs since Monday")
    ]
    # answered: the form asks no more
    at = open_page(lead.id, "screens/checkin.py", query={"city": world.city})
    assert not any(f"follow.{note.id}" in str(w.key) for w in at.text_input)


def test_collect_then_run_with_phase_anonymity_and_votes_for_the_room(world):
    """A workshop collecting input ahead: a LAG member posts; the live session starts from it,
    anonymous while writing; the facilitator enters two votes for the room."""
    at = open_page(world["coordinator"].id, "screens/workshop.py")
    at.selectbox(key="workshop.city").select(world.city).run()
    at.selectbox(key=form_key(at, "workshop.new", "template")).select("brainstorm").run()
    at.text_input(key=form_key(at, "workshop.new", "title")).input("Market ideas")
    # names shown while collecting, hidden from writing on
    at.button_group(key=form_key(at, "workshop.new", "anonymous_in.brainstorm")).set_value(
        ["writing", "grouping", "voting", "results"]
    )
    at.checkbox(key=form_key(at, "workshop.new", "collect")).check()
    at.checkbox(key=form_key(at, "workshop.new", "hide.brainstorm")).uncheck()
    at.button(key=form_key(at, "workshop.new", "submit")).click().run()
    assert not problems(at)
    ws = workshops.list_workshops(world["coordinator"], world.city)[0]
    assert ws.title == "Market ideas" and ws.phase == "collecting" and ws.collect_until
    assert ws.settings.anonymity["collecting"] is False and ws.settings.anonymity["writing"]

    member = world["lag_member"]
    page = open_page(member.id, "screens/workshop.py", query={"open": ws.id})
    assert not problems(page)
    page.text_area(key=form_key(page, "workshop.contribute", "text")).input("Stalls at dusk")
    page.button(key=form_key(page, "workshop.contribute", "submit")).click().run()
    assert not problems(page)
    (note,) = boards.facilitator_board(world["coordinator"], ws.id).notes
    assert (note.text, note.author) == ("Stalls at dusk", member.display_name)

    at.button(key="workshop.phase.writing").click().run()
    assert not problems(at)
    board = boards.facilitator_board(world["coordinator"], ws.id)
    assert [(n.text, n.author) for n in board.notes] == [("Stalls at dusk", "")]
    at.button(key="workshop.phase.voting").click().run()
    at.number_input(key="workshop.proxy.count").set_value(2)
    at.button(key="workshop.proxy.add").click().run()
    assert not problems(at)
    board = boards.facilitator_board(world["coordinator"], ws.id)
    assert [(n.votes, n.proxy_votes) for n in board.notes] == [(2, 2)]
    assert any("2 in the room" in shown(m.value) for m in [*at.markdown, *at.caption])


def test_network_settings_edit_the_workshop_templates(world):
    from services.network import networks
    from services.workshops import templates

    at = open_page(world["admin"].id, "screens/network.py")
    assert not problems(at)
    rows = templates.template_rows(networks.get_network(world["admin"].network_id))
    row = next(i for i, r in enumerate(rows) if r["key"] == "impact_effort")
    at.session_state["network.templates.editor"] = {
        "edited_rows": {str(row): {"timers": "voting=4", "named_phases": "results"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="network.templates.save").click().run()
    assert not problems(at)
    saved = templates.network_templates(networks.get_network(world["admin"].network_id))
    assert saved["impact_effort"].timers == {"voting": 4}
    assert not saved["impact_effort"].settings().anonymous_in("results")
    assert saved["impact_effort"].settings().anonymous_in("writing")
    assert saved["brainstorm"] == templates.defaults()["brainstorm"]
    # a bad timer names the template and keeps what is stored
    at.session_state["network.templates.editor"] = {
        "edited_rows": {str(row): {"timers": "voting=lots"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="network.templates.save").click().run()
    assert any("impact_effort" in shown(e.value) for e in at.error)
    assert templates.network_templates(networks.get_network(world["admin"].network_id))[
        "impact_effort"
    ].timers == {"voting": 4}


def test_the_next_coordination_agenda_names_the_decided_action(world):
    import datetime as dt

    from models.coordination import SessionCreate
    from services.reporting import coordination

    ws, note = promoted(world)
    coordinator = world["coordinator"]
    session = coordination.create_session(
        coordinator,
        SessionCreate(date=checkins.today() + dt.timedelta(days=3), title="Next quarter"),
    )
    at = open_page(coordinator.id, "screens/coordination.py")
    at.selectbox(key="coordination.session").set_value(session.id).run()
    at.button(key=f"coordination.propose.{session.id}").click().run()
    assert not problems(at)
    agenda = coordination.get_session(coordinator, session.id).agenda
    lines = [i for i in agenda if i.source == "workshops"]
    assert len(lines) == 1 and lines[0].city_id == world.city
    assert "Night buses" in lines[0].text and "Night mobility" in lines[0].text
    assert {"attention"} <= {i.source for i in agenda}  # the data's other lines stay
