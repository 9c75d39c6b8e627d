"""Dashboard: where every city stands, what works where, who needs help (coordinators,
administrators, viewers; city teams see their own cities)."""

import streamlit as st

from screens import _ui as ui
from screens._dashboard import data, filters, render
from services.core import formats
from services.dashboard import views

user = ui.page_user(views.ACTION)
lang = ui.lang()

st.title(ui.t("dashboard.title"))
snap = data.snapshot(user)
head = data.head(snap, filters.section())
if not head.cities:
    ui.empty("home.no_cities")
    st.stop()

chosen, section = filters.bar(head.network, head.choices, lang)
count, result = data.built(snap, chosen, lang, section)
st.caption(ui.t("dashboard.intro", count=count, date=formats.date(snap.today, lang)))
if not count:
    ui.empty("dashboard.no_cities")
    st.stop()
render.brief_downloads(user, chosen, lang)

if section == "attention":
    render.attention(user, *result, full=lambda: data.attention_table(snap, chosen, lang))
elif section == "methods":
    render.what_works(
        user,
        result,
        lambda: data.context(snap, chosen, lang, section),
        lambda key: (
            data.full_glance(snap, chosen, lang)
            if key == "glance"
            else data.full_table(snap, chosen, lang, key)
        ),
    )
else:
    for view in result:
        render.panel(view, lambda key: data.full_table(snap, chosen, lang, key))
