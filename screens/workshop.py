"""Workshops for the facilitator: start one, project its code, run the phases, edit the live
board, see the results and put them into the plan."""

from __future__ import annotations

import urllib.parse

import streamlit as st

from models import workshops as wm
from screens import _ui as ui
from screens._workshops import board as live
from screens._workshops import controls, polling
from screens._workshops import facilitation as wf
from screens._workshops import results as results_view
from services.core import errors, permissions
from services.workshops import boards, qr, workshops

user = ui.page_user("workshop.read")
t = ui.t
lang = ui.lang()
Keys = live.Keys

st.title(t("workshop.title"))
ui.show_flash()

cities = [c for c in ui.user_cities(user) if permissions.allowed(user, "workshop.read", c.id)]
if not cities:
    ui.empty("workshop.none")
    st.stop()


def _open(workshop_id: str | None) -> None:
    st.session_state[Keys.WORKSHOP] = workshop_id
    for key in (Keys.BOARD, Keys.PLAN_READ):
        st.session_state.pop(key, None)


# A link from the plan opens one workshop (`?open=<id>`); the service checks it may be read.
if st.query_params.get("open"):
    _open(st.query_params.pop("open"))

# --- the list and a new workshop -----------------------------------------------------------------

current_id = st.session_state.get(Keys.WORKSHOP)
if not current_id:
    ids = [c.id for c in cities]
    city_id = st.selectbox(
        t("workshop.city"),
        ids,
        format_func=lambda cid: next(c.name for c in cities if c.id == cid),
        key="workshop.city",
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
                t("workshop.open"), key=f"workshop.open.{ws.id}", on_click=_open, args=(ws.id,)
            )
    if permissions.allowed(user, "workshop.run", city_id):
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
                    _open(made.id)
                    ui.flash(t("workshop.started"))
                    st.rerun()
    st.stop()

# --- one workshop --------------------------------------------------------------------------------

try:
    ws = workshops.get_workshop(user, current_id)
except (errors.NotFound, errors.PermissionDenied):
    _open(None)
    st.rerun()
can_run = permissions.allowed(user, "workshop.run", ws.city_id) and ws.status == "open"
st.button(t("workshop.back"), key="workshop.back", on_click=_open, args=(None,))
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

if ws.status == "open":
    link = workshops.join_link(live.base_url(), ws.code)
    code_col, qr_col = st.columns([2, 1])
    with code_col:
        st.subheader(t("workshop.code", code=ws.code))
        st.caption(t("workshop.link"))
        st.code(link, language=None)
    with qr_col:
        st.image(
            qr.qr_png(link),
            caption=t("workshop.qr"),
            width=200,
            alt=ui.t_plain("room.qr_alt", link=link),  # a screen reader hears what it is
        )


def _do(fn, form: ui.FormState | None = None) -> None:
    ui.write(fn, success=t("workshop.saved"), form=form)


controls.controls(user, ws, can_run)


def _board(board: boards.Board) -> None:
    st.caption(t("workshops.participants_count", count=board.participants))
    wf.readiness_line(user, board.workshop)  # redrawn with the board: who has acted this phase
    live.columns(board)


polling.live(
    Keys.BOARD,
    ws,
    lambda version: polling.facilitator_board(user, ws.id, version=version),
    _board,
    status=lambda: st.markdown("#### " + live.status_line(ws)),
)

# The rest reads the board once per full run (after a write, or a change of the workshop).
board = polling.facilitator_board(user, ws.id)
by_id = {n.id: n for n in board.notes}
wf.proxy_votes(user, ws, board)

if can_run:
    with st.expander(t("workshop.edit")):
        form = ui.form_state("workshop.add")
        with st.form("workshop.add"):
            text = st.text_area(t("workshop.add_note"), key=form.key("text"), max_chars=500)
            column = st.selectbox(
                t("join.column"),
                ws.columns,
                format_func=lambda c: t(f"workshops.column.{c}"),
                key=form.key("column"),
            )
            if st.form_submit_button(t("workshop.add"), key=form.key("submit")):
                _do(
                    lambda: boards.add_note(
                        user, ws, wm.NoteCreate(text=text, column=column), form.submission
                    ),
                    form,
                )
        if board.notes:
            note_id = st.selectbox(
                t("workshop.edit_note"),
                list(by_id),
                format_func=lambda i: by_id[i].text[:80],
                key="workshop.edit.note",
            )
            chosen = by_id[note_id]
            with st.form(f"workshop.edit.{note_id}"):
                new_text = st.text_area(
                    t("workshop.edit_text"), chosen.text, key=f"workshop.edit.text.{note_id}"
                )
                new_column = st.selectbox(
                    t("join.column"),
                    ws.columns,
                    index=ws.columns.index(chosen.column) if chosen.column in ws.columns else 0,
                    format_func=lambda c: t(f"workshops.column.{c}"),
                    key=f"workshop.edit.column.{note_id}",
                )
                heads = [""] + [i for i in by_id if i != note_id]
                group = st.selectbox(
                    t("workshop.edit_group"),
                    heads,
                    index=heads.index(chosen.group_id) if chosen.group_id in heads else 0,
                    format_func=lambda i: by_id[i].text[:60] if i else t("workshop.no_group"),
                    key=f"workshop.edit.group.{note_id}",
                )
                changes: dict = {"text": new_text, "column": new_column, "group_id": group or None}
                if ws.grid is not None:
                    x_name, y_name = ws.grid
                    changes["x"] = st.slider(
                        t("workshop.edit_x", axis=t(f"workshops.axis.{x_name}")),
                        1,
                        5,
                        chosen.x or 3,
                        key=f"workshop.edit.x.{note_id}",
                    )
                    changes["y"] = st.slider(
                        t("workshop.edit_y", axis=t(f"workshops.axis.{y_name}")),
                        1,
                        5,
                        chosen.y or 3,
                        key=f"workshop.edit.y.{note_id}",
                    )
                if ws.template == "stakeholder_map":
                    sectors = ["public", "private", "civic", "knowledge"]
                    changes["sector"] = st.selectbox(
                        t("workshop.edit_sector"),
                        sectors,
                        index=sectors.index(chosen.sector) if chosen.sector else 2,
                        format_func=lambda s: t(f"plan.sector.{s}"),
                        key=f"workshop.edit.sector.{note_id}",
                    )
                if st.form_submit_button(t("workshop.edit_save"), key="workshop.edit.save"):
                    _do(
                        lambda: boards.edit_note(
                            user, note_id, chosen.revision, wm.NoteUpdate(**changes)
                        )
                    )
            others = [i for i in by_id if i != note_id]
            if others:
                merge_col, target_col = st.columns([1, 3], vertical_alignment="bottom")
                target = target_col.selectbox(
                    t("workshop.merge_into"),
                    others,
                    format_func=lambda i: by_id[i].text[:60],
                    key="workshop.merge.target",
                )
                if merge_col.button(t("workshop.merge"), key="workshop.merge"):
                    _do(lambda: boards.merge_notes(user, target, note_id, chosen.revision))
            if st.button(t("workshop.delete"), key="workshop.delete"):
                _do(lambda: boards.delete_note(user, note_id, chosen.revision))

results_view.show_results(user, ws, board, cities, lang)
results_view.show_trail(user, ws, lang)
results_view.into_the_plan(user, ws, board, by_id)
