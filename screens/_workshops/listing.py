"""The facilitator's page before a workshop is open: the city's workshops (open one) and the
form that starts a new one; and the page's header once one is open (code, link, QR code)."""

from __future__ import annotations

import functools
import urllib.parse

import streamlit as st

from models import workshops as wm
from models.user import User
from screens import _ui as ui
from screens._workshops import board as live
from screens._workshops import facilitation as wf
from services.core import permissions
from services.workshops import qr, workshops

t = ui.t
Keys = live.Keys


def open_workshop(workshop_id: str | None) -> None:
    """Open one workshop on the page (None: back to the list)."""
    st.session_state[Keys.WORKSHOP] = workshop_id
    for key in (Keys.BOARD, Keys.PLAN_READ):
        st.session_state.pop(key, None)


def choose(user: User, cities: list) -> None:
    """The workshops of a city the user picks, each with its Open button, and a new one."""
    names = {c.id: c.name for c in cities}
    city_id = st.selectbox(
        t("workshop.city"), list(names), format_func=names.__getitem__, key="workshop.city"
    )
    found = workshops.list_workshops(user, city_id)
    st.subheader(t("workshop.list"))
    if not found:
        ui.empty("workshop.none")
    for ws in found:
        with st.container(border=True):
            left, right = st.columns([4, 1])
            left.text(ws.title)
            left.caption(
                " · ".join(
                    [
                        t(f"workshops.template.{ws.template}"),
                        t(f"workshop.status.{ws.status}"),
                        t(f"workshops.phase.{ws.phase}"),
                        ws.code if ws.status == "open" else "",
                    ]
                ).strip(" ·")
            )
            right.button(
                t("workshop.open"),
                key=f"workshop.open.{ws.id}",
                on_click=open_workshop,
                args=(ws.id,),
            )
    if permissions.allowed(user, "workshop.run", city_id):
        _new_form(user, city_id)


def _new_form(user: User, city_id: str) -> None:
    st.subheader(t("workshop.new"))
    form = ui.form_state("workshop.new")
    # Outside the form: the settings below start from the network's template of this kind.
    template = st.selectbox(
        t("workshop.template"),
        wm.TEMPLATES,
        format_func=lambda k: t(f"workshops.template.{k}"),
        key=form.key("template"),
    )
    with st.form("workshop.new"):
        title = st.text_input(t("workshop.new_title"), key=form.key("title"))
        chosen = wf.new_form_settings(form, ui.network(user.network_id), template)
        if st.form_submit_button(t("workshop.start"), key=form.key("submit"), type="primary"):
            ok, made = ui.write(
                lambda: workshops.start_workshop(
                    user,
                    city_id,
                    wm.WorkshopCreate(
                        title=title,
                        template=template,
                        settings=chosen.settings,
                        collect_until=chosen.collect_until,
                    ),
                    submission=form.submission,
                ),
                form=form,
            )
            if ok:
                open_workshop(made.id)
                ui.flash(t("workshop.started"))
                st.rerun()


@functools.lru_cache(maxsize=64)
def _qr(link: str) -> bytes:
    # Drawn once per link: encoding the QR code (segno's masking, then the PNG) on every run
    # of the page was a fair part of it.
    return qr.qr_png(link)


def header(user: User, ws: wm.Workshop) -> None:
    """Back to the list, the workshop's title and settings, the room screen's link and, while
    it is open, the join code, link and QR code."""
    st.button(t("workshop.back"), key="workshop.back", on_click=open_workshop, args=(None,))
    st.header(ui.md(ws.title))
    st.caption(f"{t(f'workshops.template.{ws.template}')} · {live.settings_line(ws)}")
    wf.collection_line(ws)
    wf.member_post(user, ws)
    # The projector gets a screen of its own: no menu, no name, no reminders (screens/room.py).
    st.link_button(
        t("workshop.room_screen"),
        "/?" + urllib.parse.urlencode({"room": ws.id}),
        help=t("workshop.room_screen_help"),
        icon=":material/tv:",
        key="workshop.room_screen",
    )
    if ws.status != "open":
        return
    link = workshops.join_link(live.base_url(), ws.code)
    code_col, qr_col = st.columns([2, 1])
    with code_col:
        st.subheader(t("workshop.code", code=ws.code))
        st.caption(t("workshop.link"))
        st.code(link, language=None)
    with qr_col:
        st.image(
            _qr(link),
            caption=t("workshop.qr"),
            width=200,
            alt=ui.t_plain("room.qr_alt", link=link),  # a screen reader hears what it is
        )
