"""Home: the network, its cities and where they stand."""

import streamlit as st

from screens import _ui as ui
from services.core import charts
from services.network import networks

user = ui.page_user("network.read")
network = ui.network(user.network_id)
lang = ui.lang()

st.title(ui.md(network.name))
if network.funder:
    st.caption(ui.t("home.funder", funder=network.funder))
ui.show_flash()

demo_login = st.session_state.get(ui.Keys.DEMO_PASSWORD)
if demo_login:
    usernames, password = demo_login
    with st.expander(ui.t("home.demo_accounts"), expanded=True, icon=":material/key:"):
        st.write(ui.t("home.demo_accounts_help"))
        st.code(password, language=None)
        st.caption(ui.t("home.demo_accounts_where", count=len(usernames)))

frame = networks.cities_frame(network, ui.user_cities(user), lang)
if frame.empty:
    ui.empty("home.no_cities")
    st.stop()

# The table full width (stage names and challenges whole), the chart below it.
st.subheader(ui.t("home.cities", count=len(frame)))
ui.cities_table(frame)
st.subheader(ui.t("home.by_stage"))
labels = [s.label.get(lang) for s in network.stages]
by_stage = charts.stage_distribution_frame(frame, labels)
ui.chart(
    charts.stage_distribution_chart(
        frame,
        labels,
        ui.t("column.stage"),
        ui.t("home.count"),
        ui.t("chart.desc.stages", total=len(frame)),
        lang,
    ),
    by_stage.set_axis([ui.t("column.stage"), ui.t("home.count")], axis=1),
    key="home.by_stage",
)
