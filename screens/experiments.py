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
tab_assumptions, tab_cards, tab_learnings, tab_csv, tab_indicators = st.tabs(
    [
        ui.t("experiments.tab.assumptions"),
        ui.t("experiments.tab.cards"),
        ui.t("experiments.tab.learnings"),
        ui.t("experiments.tab.csv"),
        ui.t("experiments.tab.indicators"),
    ]
)
with tab_assumptions:
    assumptions.render(ctx)
with tab_cards:
    cards.render(ctx)
with tab_learnings:
    learnings.render(ctx)
with tab_csv:
    results_csv.render(ctx)
with tab_indicators:
    indicators.render(ctx)
