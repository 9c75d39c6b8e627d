"""The facilitator's edits of the live board: add a note, edit one (text, column, group, place
on the grid, sector), merge it into another, delete it."""

from __future__ import annotations

import streamlit as st

from models import workshops as wm
from models.user import User
from screens import _ui as ui
from screens._workshops import notes_text
from services.workshops import boards

t = ui.t


def _do(fn, form: ui.FormState | None = None) -> None:
    ui.write(fn, success=t("workshop.saved"), form=form)


def edit_board(user: User, ws: wm.Workshop, board: boards.Board, by_id: dict) -> None:
    """The "Edit the board" expander (for whoever may run the open workshop)."""
    with st.expander(t("workshop.edit")):
        form = ui.form_state("workshop.add")
        with st.form("workshop.add"):
            text, column = notes_text.note_fields(ws, form, "workshop.add_note")
            if st.form_submit_button(t("workshop.add"), key=form.key("submit")):
                _do(
                    lambda: boards.add_note(
                        user, ws, wm.NoteCreate(text=text, column=column), form.submission
                    ),
                    form,
                )
        if board.notes:
            _edit_note(user, ws, by_id)


def _edit_note(user: User, ws: wm.Workshop, by_id: dict) -> None:
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
            _do(lambda: boards.edit_note(user, note_id, chosen.revision, wm.NoteUpdate(**changes)))
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
