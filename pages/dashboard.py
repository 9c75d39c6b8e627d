"""Dashboard: where every city stands, what works where, who needs help (coordinators,
administrators, viewers; city teams see their own cities)."""

import streamlit as st

from pages import _ui as ui
from pages._dashboard import data, filters, render
from services.core import formats
from services.dashboard import views

user = ui.page_user(views.ACTION)
lang = ui.lang()

st.title(ui.t("dashboard.title"))
snap = data.snapshot(user)
overview = snap.overview
if not overview.cities:
    ui.empty("home.no_cities")
    st.stop()

chosen, section = filters.bar(overview, lang)
ctx = data.context(overview, chosen, lang)
st.caption(ui.t("dashboard.intro", count=len(ctx.cities), date=formats.date(overview.today, lang)))
if not ctx.cities:
    ui.empty("dashboard.no_cities")
    st.stop()

if section == "attention":
    frame, caption = data.built(snap, chosen, lang, "attention")
    render.attention(user, ctx, frame, caption)
elif section == "methods":
    render.what_works(user, ctx, data.built(snap, chosen, lang, "methods"))
else:
    for view in data.built(snap, chosen, lang, section):
        render.panel(view)
