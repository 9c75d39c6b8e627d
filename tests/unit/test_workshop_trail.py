"""Traceability and follow-through of what a workshop decided: a promoted item names its
workshop in the plan's exports, keeps unknown cost/owner/dates empty, and comes back in the
workshop's trail, the city's next check-in and the next coordination agenda."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdf
import pytest

from models.base import stored
from models.reporting import CheckinCreate, FollowThrough
from services.core.errors import InvalidInput
from services.plans import document as plan_document
from services.plans import plans
from services.reporting import checkins
from services.workshops import promote, trail
from tests.unit import test_workshops as tw


def promoted(world):
    tw.planned(world)
    ws, a, b = tw.voted_board(world)
    lead = world["city_lead"]
    done = promote.promote(lead, ws.id, plans.get_plan(lead, world.city))
    return done, a, b


def test_a_promoted_action_keeps_cost_owner_and_dates_empty(small_world):
    ws, a, b = promoted(small_world)
    actions = plans.find_plan(small_world.city).sections["actions"].content.actions
    made = {x.id: x for x in actions}
    for item_id in (a.id, b.id):
        assert made[item_id].cost is None
        assert (
            made[item_id].owner == "" and made[item_id].start is None and made[item_id].end is None
        )
    md = plan_document.plan_markdown(plans.find_plan(small_world.city), "Dakar", "en", "EUR")
    assert "€0" not in md and "0 €" not in md and "€ 0" not in md


def test_the_exports_name_the_workshop_of_each_promoted_item(small_world):
    ws, a, b = promoted(small_world)
    lead = small_world["city_lead"]
    plan = plans.get_plan(lead, small_world.city)
    origins = promote.workshop_links(lead, small_world.city)
    # recomputed from the workshop's own record: every promoted item id, nothing else
    assert set(origins) == {i for p in ws.promotions for i in p.item_ids} == {a.id, b.id}

    document = docx.Document(
        io.BytesIO(plan_document.plan_docx(plan, "Dakar", "en", "EUR", origins))
    )
    table = next(t for t in document.tables if "Title" in [c.text for c in t.rows[0].cells])
    header = [c.text for c in table.rows[0].cells]
    assert "From workshop" in header
    rows = {r.cells[header.index("Title")].text: r for r in table.rows[1:]}
    by_title = {x.title: x for x in plan.sections["actions"].content.actions}  # the plan as stored
    for title, row in rows.items():
        expected = ws.title if by_title[title].id in origins else ""
        assert row.cells[header.index("From workshop")].text == expected
        # a promoted action's unknown cost is an empty cell, not "€0"
        if "Cost" in header and by_title[title].id in origins:
            assert row.cells[header.index("Cost")].text == ""
    assert rows["Night *buses*"].cells[header.index("From workshop")].text == ws.title
    assert rows["Lit bus stops"].cells[header.index("From workshop")].text == ""

    french = plan_document.plan_markdown(plan, "Dakar", "fr", "EUR", origins)
    assert "Issu de l'atelier" in french
    pdf = pypdf.PdfReader(io.BytesIO(plan_document.plan_pdf(plan, "Dakar", "en", "EUR", origins)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "From workshop" in " ".join(text.split()) and ws.title in text
    # without origins (a reader who may not see workshops) nothing is added
    assert "From workshop" not in plan_document.plan_markdown(plan, "Dakar", "en", "EUR")


def test_a_promoted_tree_node_names_its_workshop_in_the_export(small_world):
    tw.planned(small_world)
    ws = tw.start(small_world, template="problem_tree", hide_until_reveal=False)
    who = tw.joined(ws, "Awa", "tree-client")
    cause = tw.note(ws, who, "Dark streets", "causes")
    lead = small_world["city_lead"]
    promote.promote(lead, ws.id, plans.get_plan(lead, small_world.city), [cause.id])
    origins = promote.workshop_links(lead, small_world.city)
    md = plan_document.plan_markdown(
        plans.find_plan(small_world.city), "Dakar", "en", None, origins
    )
    assert f"- Dark streets (from workshop «{ws.title}»)" in md
    assert "- No lights\n" in md  # a node typed in the plan carries no marker


def test_the_trail_lists_where_each_item_went_and_how_it_stands(small_world):
    ws, a, b = promoted(small_world)
    lead = small_world["city_lead"]
    rows = trail.workshop_trail(lead, ws)
    assert [(r.item_id, r.target, r.label, r.present) for r in rows] == [
        (b.id, "actions", "Night *buses*", True),
        (a.id, "actions", "=HYPERLINK(evil)", True),
    ]
    assert trail.status_text(rows[0]) == "Planned, 0 %"
    # the plan moves on: one action in progress, the other removed
    plan = plans.get_plan(lead, small_world.city)
    content = stored(plan.sections["actions"].content)
    content["actions"] = [
        {**x, "status": "in_progress", "progress": 40} if x["id"] == b.id else x
        for x in content["actions"]
        if x["id"] != a.id
    ]
    plans.save_section(lead, plan, "actions", content)
    rows = {r.item_id: r for r in trail.workshop_trail(lead, ws)}
    assert trail.status_text(rows[b.id]) == "In progress, 40 %"
    assert not rows[a.id].present and trail.status_text(rows[a.id], "fr") == "plus dans le plan"


def test_decided_actions_are_asked_about_in_the_next_checkin_once(small_world):
    ws, a, b = promoted(small_world)
    lead = small_world["city_lead"]
    asked = trail.checkin_questions(lead, small_world.city)
    assert {q.item_id for q in asked} == {a.id, b.id}
    typed = {b.id: "  Two night lines started  ", a.id: "   "}
    answers = trail.answers(asked, typed)
    assert [(x.item_id, x.answer) for x in answers] == [(b.id, "Two night lines started")]
    day = checkins.today()
    made = checkins.create_checkin(
        lead, small_world.city, CheckinCreate(date=day, mood=4, follow_through=answers)
    )
    assert checkins.list_checkins(lead, small_world.city)[0].follow_through == made.follow_through
    # answered: not asked again; the unanswered one still is
    assert [q.item_id for q in trail.checkin_questions(lead, small_world.city)] == [a.id]
    rows = {r.item_id: r for r in trail.workshop_trail(lead, ws)}
    assert rows[b.id].answers == [(day, "Two night lines started")]
    # the next coordination agenda names the decided actions with their state and answer
    coordinator = small_world["coordinator"]
    names = {small_world.city: "Dakar"}
    lines = trail.agenda_items(coordinator, [small_world.city], names, day - dt.timedelta(days=1))
    texts = [x.text for x in lines]
    assert any("Night *buses*" in x and "Two night lines started" in x for x in texts)
    assert all(x.source == "workshops" and x.city_id == small_world.city for x in lines)
    assert trail.agenda_items(coordinator, [small_world.city], names, day + dt.timedelta(1)) == []


def test_a_checkin_cannot_answer_about_another_citys_workshop(small_world):
    tw.planned(small_world, small_world.other_city)
    other = tw.start(small_world, city=small_world.other_city)
    answer = FollowThrough(item_id="x1", workshop_id=other.id, title="T", answer="Done")
    with pytest.raises(InvalidInput):
        checkins.create_checkin(
            small_world["city_lead"],
            small_world.city,
            CheckinCreate(date=checkins.today(), mood=3, follow_through=[answer]),
        )
