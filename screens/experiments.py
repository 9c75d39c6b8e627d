"""Experiments of a city: the assumption map, the test cards with their results, the learning
cards (and plan changes proposed from them), and bulk updates of results by CSV.

Each tab is a module of screens/_experiments/; every write goes through ui.write.
"""

import streamlit as st

from screens import _ui as ui
from screens._experiments import (
    assumptions,
    cards,
    context,
    indicators,
    lab,
    learnings,
    results_csv,
)

user = ui.page_user("experiment.read")
network = ui.network(user.network_id)

st.title(ui.t("experiments.title"))
ui.show_flash()
city = lab.city_picker(user, "experiment.read", "experiments.city")
if city is None:
    st.stop()
ctx = context.load(user, city, network)

lab.rule_expander()
# Only the open tab's content runs (a switch of tab is a rerun): the assumption map's two charts
# and forms, or the cards with the network's test cards to replicate, not all five each run.
TABS = (
    ("experiments.tab.assumptions", assumptions.render),
    ("experiments.tab.cards", cards.render),
    ("experiments.tab.learnings", learnings.render),
    ("experiments.tab.csv", results_csv.render),
    ("experiments.tab.indicators", indicators.render),
)
shown = st.tabs([ui.t(label) for label, _ in TABS], key=lab.TAB_KEY, on_change="rerun")
for tab, (_, render) in zip(shown, TABS, strict=True):
    if tab.open:
        with tab:
            render(ctx)
