"""The facilitator's results (top notes, the grid, downloads) and the promotion into the plan."""

from __future__ import annotations

import streamlit as st

from models.user import User
from screens import _ui as ui
from screens._workshops import board as live
from services.core import errors, permissions
from services.plans import plans
from services.workshops import boards, promote, trail
from services.workshops import charts as workshop_charts
from services.workshops import results as workshop_results

t = ui.t
Keys = live.Keys


def show_results(user: User, ws, board, cities: list, lang: str) -> None:
    """Top-voted notes, the 2x2 grid when the template has one, CSV and Markdown."""
    st.subheader(t("workshop.results"))
    st.metric(t("workshops.participants"), board.participants)
    top = workshop_results.top_notes(board, limit=10)
    if top:
        st.caption(t("workshop.top"))
        frame = workshop_results.results_frame(board, lang)
        ui.table(frame[frame["votes"].fillna(0) > 0], hide_index=True, width="stretch")
    else:
        ui.empty("workshop.no_votes")
    chart = workshop_charts.grid_chart(board, lang)
    if chart is not None:
        ui.chart(chart, workshop_charts.grid_frame(board), key="workshop.grid")
    city_name = next((c.name for c in cities if c.id == ws.city_id), "")
    csv_col, md_col = st.columns(2)
    csv_col.download_button(
        t("workshop.csv"),
        data=lambda: workshop_results.results_csv(boards.facilitator_board(user, ws.id), lang),
        file_name=workshop_results.file_name(ws, "csv"),
        mime="text/csv",
        on_click="ignore",
        key="workshop.csv",
    )
    md_col.download_button(
        t("workshop.markdown"),
        data=lambda: workshop_results.results_markdown(
            boards.facilitator_board(user, ws.id), city_name, lang
        ),
        file_name=workshop_results.file_name(ws, "md"),
        mime="text/markdown",
        on_click="ignore",
        key="workshop.markdown",
    )


def into_the_plan(user: User, ws, board, by_id: dict) -> None:
    """Offer the top notes for the plan section the template feeds (conflicts as usual)."""
    target = promote.TARGETS[ws.template]
    if target is not None and permissions.allowed(user, "workshop.promote", ws.city_id):
        st.subheader(f"{t('workshop.promote')} {t(f'workshop.promote_target.{target}')}")
        done = sum(len(p.item_ids) for p in ws.promotions)
        if done:
            st.caption(t("workshop.promotions", count=done))
        # The plan as read when the promotion was offered: its section revision is what the save
        # checks, so an edit of that section meanwhile shows the usual conflict.
        plan_read = st.session_state.get(Keys.PLAN_READ)
        if plan_read is None or plan_read.city_id != ws.city_id:
            plan_read = plans.get_plan(user, ws.city_id) if target != "assumptions" else None
            st.session_state[Keys.PLAN_READ] = plan_read
        if target != "assumptions" and plan_read is None:
            ui.empty("workshop.no_plan")
        else:
            offered = [n.id for n in promote.candidates(board)]
            # The offer follows the votes: when the candidates change, the picker starts over.
            if st.session_state.get(Keys.OFFER) != offered:
                st.session_state[Keys.OFFER] = offered
                st.session_state["workshop.promote.notes"] = offered
            promoted_ids = {i for p in ws.promotions for i in p.note_ids}
            picked = st.multiselect(
                t("workshop.promote_pick"),
                [n.id for n in board.notes if n.id not in promoted_ids],
                format_func=lambda i: by_id[i].text[:80],
                key="workshop.promote.notes",
            )
            if st.button(
                t("workshop.promote_go"),
                key="workshop.promote.go",
                type="primary",
                disabled=not picked,
            ):

                def _conflict(exc: errors.Conflict) -> None:
                    st.session_state.pop(Keys.PLAN_READ, None)
                    ui.show_conflict(exc)

                ok, _ = ui.write(
                    lambda: promote.promote(user, ws.id, plan_read, picked), on_conflict=_conflict
                )
                if ok:
                    st.session_state.pop(Keys.PLAN_READ, None)
                    ui.flash(t("workshop.promoted"))
                    st.rerun()


def show_trail(user: User, ws, lang: str) -> None:
    """Where each promoted item went and how it stands now (status, check-in answers)."""
    if not ws.promotions:
        return
    st.subheader(t("trail.title"))
    rows = trail.workshop_trail(user, ws)
    if not rows:
        ui.empty("trail.none")
        return
    ui.table(
        [
            {
                ui.t_plain("trail.note"): row.note_text,
                ui.t_plain("trail.target"): ui.t_plain(f"trail.target.{row.target}"),
                ui.t_plain("trail.item"): row.label,
                ui.t_plain("trail.status"): trail.status_text(row, lang),
                ui.t_plain("trail.answers"): " · ".join(a for _, a in row.answers),
            }
            for row in rows
        ],
        hide_index=True,
        width="stretch",
        key="workshop.trail",
    )
