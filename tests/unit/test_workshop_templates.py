"""Workshop templates as data: the defaults are the templates as built (data file), a network
changes them in its settings (revision-checked, for those who may edit the network), exports
and loads them as JSON, and a new workshop starts from its kind's template (settings, phases,
a timer per phase)."""

from __future__ import annotations

import json

import pytest

from models import workshops as wm
from services.core.errors import InvalidInput
from services.network import networks
from services.workshops import templates, workshops
from tests.conftest import check_matrix
from tests.unit import test_workshops as tw


def test_the_defaults_are_the_templates_as_built():
    found = templates.defaults()
    assert sorted(found) == sorted(wm.TEMPLATES)
    for key, template in found.items():
        assert template.columns == list(wm.COLUMNS[key])
        assert template.phases == list(wm.PHASES)
        assert template.settings() == wm.WorkshopSettings()  # the settings' own defaults


def test_a_network_template_shapes_new_workshops(small_world):
    admin = small_world["admin"]
    network = networks.get_network(admin.network_id)
    rows = templates.template_rows(network)
    row = next(r for r in rows if r["key"] == "brainstorm")
    row.update(
        phases="writing, voting, results",
        named_phases="collecting, results",
        timers="writing=5, voting=3",
        votes_per_person=5,
        hide_until_reveal=False,
    )
    templates.save_templates(admin, network, templates.templates_from_rows(rows))
    ws = workshops.start_workshop(
        small_world["coordinator"],
        small_world.city,
        wm.WorkshopCreate(title="From the template", template="brainstorm"),
    )
    assert ws.phases == ["writing", "voting", "results"]
    assert ws.settings.votes_per_person == 5 and not ws.settings.hide_until_reveal
    assert not ws.settings.anonymous_in("collecting") and ws.settings.anonymous_in("writing")
    assert not ws.settings.anonymous_in("results")
    with pytest.raises(InvalidInput):  # not one of this template's phases
        tw.to_phase(small_world, ws, "grouping")
    voting = tw.to_phase(small_world, ws, "voting")
    assert workshops.remaining_seconds(voting) == 180  # the template's timer for voting
    # a form that sets the settings keeps them; the phases still come from the template
    given = workshops.start_workshop(
        small_world["coordinator"],
        small_world.city,
        wm.WorkshopCreate(
            title="Own settings",
            template="brainstorm",
            settings=wm.WorkshopSettings(votes_per_person=2),
        ),
    )
    assert given.settings.votes_per_person == 2 and given.phases == ws.phases
    # other kinds keep the defaults
    other = tw.start(small_world, template="problem_tree")
    assert other.phases == list(wm.PHASES)


def test_templates_export_and_load_back(small_world):
    admin = small_world["admin"]
    network = networks.get_network(admin.network_id)
    text = templates.templates_json(network)
    data = json.loads(text)
    assert [t["key"] for t in data] == list(templates.defaults())
    data[0]["timers"] = {"writing": 7}
    loaded = templates.parse_templates(json.dumps(data).encode("utf-8"))
    saved = templates.save_templates(admin, network, loaded)
    assert templates.network_templates(saved)[data[0]["key"]].timers == {"writing": 7}
    assert json.loads(templates.templates_json(saved))[0]["timers"] == {"writing": 7}
    for bad in (b"not json", b"{}", json.dumps([{"key": "brainstorm", "phases": ["x"]}]).encode()):
        with pytest.raises(InvalidInput):
            templates.parse_templates(bad)
    wrong_columns = [{"key": "brainstorm", "columns": ["ideas"]}]
    with pytest.raises(InvalidInput):
        templates.parse_templates(json.dumps(wrong_columns))
    with pytest.raises(InvalidInput):
        templates.save_templates(admin, saved, loaded[:1] + loaded[:1])


def test_saving_templates_follows_the_role_table(small_world):
    def attempt(user, _city):
        network = networks.get_network(user.network_id)
        templates.save_templates(user, network, list(templates.defaults().values())[:1])

    check_matrix(small_world, "network.edit", attempt)
