"""Evidence levels, unintended effects and replications on the experiments and story pages
(AppTest, widgets by key): a suggested level is stored only when a person confirms it; the
learning form keeps a level and unintended effects; "Start a replication" copies a card and the
story of each city of the chain links to the others."""

from __future__ import annotations

from models.experiment import LearningUpdate
from screens._experiments import lab
from screens._ui import forms
from services.core import collections, store
from services.experiments import experiments, replication
from tests.ui.conftest import form_key, has, open_page, problems, shown, tab_state

CITY = "city-0010"  # the demo's experimenting city
LEARNING = "demo-learning-0010-1"
SOURCE = "demo-exp-0010-1"


def _ungraded(world) -> None:
    card = next(lg for lg in experiments.list_learnings(world["admin"], CITY) if lg.id == LEARNING)
    if card.evidence_level is not None:
        experiments.update_learning(world["admin"], card, LearningUpdate(evidence_level=None))


def _expected_suggestion(world) -> int:
    admin = world["admin"]
    items = experiments.list_experiments(admin, CITY)
    cards = experiments.list_learnings(admin, CITY)
    found = experiments.city_outcomes(items, cards)
    chains = replication.chains_for(admin, items)
    card = next(lg for lg in cards if lg.id == LEARNING)
    return replication.suggestion(card, {e.id: e for e in items}, found, chains).level


# The experiments page runs only its open tab's content (a click on a tab is a rerun).
LEARNINGS_TAB = tab_state(lab.TAB_KEY, "experiments.tab.learnings")
CARDS_TAB = tab_state(lab.TAB_KEY, "experiments.tab.cards")
INDICATORS_TAB = tab_state(lab.TAB_KEY, "experiments.tab.indicators")


def test_a_suggested_level_is_stored_only_once_confirmed(world):
    _ungraded(world)
    expected = _expected_suggestion(world)
    state = {"experiments.city": CITY, **LEARNINGS_TAB}
    at = open_page(world["coordinator"].id, "screens/experiments.py", state=state)
    assert not problems(at)
    stored = store.get().find_one(collections.LEARNINGS, {"_id": LEARNING})
    assert stored.get("evidence_level") is None  # shown, not stored
    assert any(f"level {expected}." in shown(c.value) for c in at.caption)
    at.button(key=f"experiments.learning.{LEARNING}.confirm_level").click().run()
    assert not problems(at)
    stored = store.get().find_one(collections.LEARNINGS, {"_id": LEARNING})
    assert stored["evidence_level"] == expected


def test_the_learning_form_keeps_a_level_and_unintended_effects(world):
    at = open_page(world["city_lead"].id, "screens/experiments.py", state=LEARNINGS_TAB)
    prefix = "experiments.learning.new"
    at.text_input(key=f"{prefix}.title").set_value("Queues at the desk")
    at.text_area(key=f"{prefix}.unintended_effects").set_value("Older residents came along")
    at.selectbox(key=f"{prefix}.evidence_level").set_value(2)
    at.button(key=f"{prefix}.submit").click().run()
    assert not problems(at)
    (card,) = [
        lg
        for lg in experiments.list_learnings(world["city_lead"], world.city)
        if lg.title == "Queues at the desk"
    ]
    assert card.evidence_level == 2
    assert card.unintended_effects == "Older residents came along"
    at = open_page(world["city_lead"].id, "screens/story.py")
    assert any("Older residents came along" in t.value for t in at.text)


def test_start_a_replication_from_the_story_and_the_chain_links_back(world):
    at = open_page(world["coordinator"].id, "screens/story.py", state={"story.city": CITY})
    assert not problems(at)
    at.selectbox(key=f"story.{SOURCE}.into").set_value("city-0009")
    at.button(key=f"story.{SOURCE}.replicate").click().run()
    assert not problems(at)
    (copy,) = store.get().find(
        collections.EXPERIMENTS, {"replicates": SOURCE, "city_id": "city-0009"}
    )
    assert copy["status"] == "design"
    at = open_page(world["coordinator"].id, "screens/story.py", state={"story.city": "city-0009"})
    assert not problems(at)
    links = [link for link in at.get("page_link") if "city=" + CITY in str(link.proto)]
    assert links, "the replication's story links to the original city's story"
    assert any("Tested in" in c.value for c in at.caption)


def test_a_city_lead_replicates_another_city_s_test_from_their_experiments_page(world):
    lead = world["city_lead"]
    state = {"experiments.city": world.city, **CARDS_TAB}
    at = open_page(lead.id, "screens/experiments.py", state=state)
    assert not problems(at)
    listed = at.selectbox(key="replicate.network.card")
    city_name = store.get().find_one(collections.CITIES, {"_id": world.city})["name"]
    source = store.get().find_one(collections.EXPERIMENTS, {"_id": SOURCE})
    source_city = store.get().find_one(collections.CITIES, {"_id": source["city_id"]})["name"]
    assert f"{source_city}: {source['title']}" in listed.options
    # Only other cities' cards are offered, and never their results.
    assert not any(o.startswith(f"{city_name}:") for o in listed.options)
    listed.set_value(SOURCE)
    submit = at.button(key="replicate.network.submit")
    submit.click().run()
    submit.click().run()  # a second click of the same form copies nothing more
    assert not problems(at)
    copies = list(
        store.get().find(collections.EXPERIMENTS, {"replicates": SOURCE, "city_id": world.city})
    )
    assert len(copies) == 1 and copies[0]["status"] == "design"
    assert copies[0]["results"] == []


def test_the_test_card_form_says_which_card_it_replicates(world):
    lead = world["city_lead"]
    state = {"experiments.city": world.city, **CARDS_TAB}
    at = open_page(lead.id, "screens/experiments.py", state=state)
    prefix = "experiments.card.new"
    at.text_input(key=f"{prefix}.title").set_value("Kiosks, as in the other city")
    at.selectbox(key=f"{prefix}.replicates").set_value(SOURCE)
    at.button(key=f"{prefix}.submit").click().run()
    assert not problems(at)
    (stored,) = store.get().find(collections.EXPERIMENTS, {"title": "Kiosks, as in the other city"})
    assert stored["replicates"] == SOURCE and stored["city_id"] == world.city


def _frames(at) -> list:
    return [df.value for df in at.dataframe]


def test_the_dashboard_shows_who_tried_what_with_levels_without_a_picker(world):
    at = open_page("demo-coordinator", "screens/dashboard.py", query={"view": "methods"})
    assert not problems(at)
    assert at.selectbox(key="dashboard.methods.pick").value is None  # nothing chosen
    lines = [t.value for t in at.text if t.value.startswith("Landing page and sign-up: ")]
    assert len(lines) == 1, "one line per method, every city on it"
    (line,) = lines
    assert "Ghent: 1 validated, evidence 4/5" in line  # the original, held, confirmed
    assert "Tampere: 1 validated, evidence 4/5" in line  # its replication, held elsewhere
    assert "Lisbon: 1 in progress, not graded" in line  # the replication it plans
    effects = next(f for f in _frames(at) if "Unintended effects" in f.columns)
    assert "Two shops started sharing one courier between them before the cooperative existed." in (
        set(effects["Unintended effects"])
    )
    at.text_input(key="dashboard.search.text").set_value("sensors")
    at.button(key="dashboard.search.submit").click().run()
    assert not problems(at)
    found = next(f for f in _frames(at) if "Where the words are" in f.columns)
    assert {"Bilbao", "Ghent"} <= set(found["City"])


# --- shared network indicators -----------------------------------------------------------------

INDICATOR = "online_share"


def test_a_city_records_a_shared_indicator_once_per_submission(world):
    lag = world["lag_member"]
    prefix = f"experiments.indicator.{INDICATOR}"
    at = open_page(lag.id, "screens/experiments.py", state=INDICATORS_TAB)
    assert not problems(at)
    assert not has(at, "button", f"{prefix}.save_targets")  # a member records, a lead sets
    form = f"{prefix}.record"
    submission = at.session_state[forms.PREFIX + form]["submission"]
    at.number_input(key=form_key(at, form, "value", prefix)).set_value(21.5)
    at.button(key=form_key(at, form, "record", prefix)).click().run()
    assert not problems(at)
    stored = store.get().find_one(
        collections.INDICATOR_RECORDS, {"city_id": world.city, "indicator": INDICATOR}
    )
    assert [(m["id"], m["value"]) for m in stored["measurements"]] == [(submission, 21.5)]
    # Used up: the form on screen now is a new submission, its widgets drawn empty.
    assert at.session_state[forms.PREFIX + form]["submission"] != submission
    assert form_key(at, form, "value", prefix) != f"{prefix}.value"
    lead = open_page(world["city_lead"].id, "screens/experiments.py", state=INDICATORS_TAB)
    lead.number_input(key=f"{prefix}.baseline").set_value(10)
    lead.number_input(key=f"{prefix}.target").set_value(40)
    lead.button(key=f"{prefix}.save_targets").click().run()
    assert not problems(lead)
    stored = store.get().find_one(collections.INDICATOR_RECORDS, {"_id": stored["_id"]})
    assert (stored["baseline"], stored["target"]) == (10, 40)


def test_the_settings_page_lists_the_shared_indicators_and_the_dashboard_compares_them(world):
    at = open_page(world["admin"].id, "screens/network.py")
    assert not problems(at)
    assert has(at, "button", "network.indicators.save")
    at = open_page("demo-coordinator", "screens/dashboard.py", query={"view": "methods"})
    assert not problems(at)
    titles = [shown(h.value) for h in at.subheader]
    assert "Procedures done online (%)" in titles and "Residents reached (people)" in titles
    # Their charts follow the methods chart: one per indicator the demo's cities measure.
    assert len(at.get("vega_lite_chart")) >= 3
