"""Editing one section: its form, its save through `ui.write`, and the conflict view (theirs
and yours side by side; merge against the version you started from, overwrite, or discard)."""

from __future__ import annotations

from typing import Any

import pydantic
import streamlit as st

from models import plan as pm
from models.base import stored
from models.user import User
from screens import _ui as ui
from screens._plan import sections, view
from services.core.errors import Conflict
from services.plans import merge, plans, versions

t = ui.t
Keys = view.Keys


def section_block(
    user: User, plan: pm.Plan, key: str, section: pm.Section, can_edit: bool, can_meet: bool
) -> None:
    """One section: read-only (with the meeting form for LAG members), its conflict view, or
    its form, loaded from the version the person started from."""
    if section.updated_at:
        st.caption(
            t("plan.updated", name=section.updated_by_name or "?", at=view.when(section.updated_at))
        )
    if not can_edit:
        sections.show_content(stored(section.content), section.kind)
        if section.kind == "stakeholders" and can_meet:
            meeting_form(user, plan)
        return
    if Keys.conflict(key) in st.session_state:
        conflict_view(user, plan, key)
        return
    base: pm.Section = st.session_state.setdefault(Keys.base(key), section)
    prefill = st.session_state.get(Keys.prefill(key))
    if base.revision != section.revision and prefill is None:
        st.info(
            t("plan.stale", name=section.updated_by_name or "?", at=view.when(section.updated_at)),
            icon=":material/info:",
        )
        if st.button(t("plan.reload"), key=f"plan.{key}.reload", icon=":material/refresh:"):
            view.forget(key)
            st.rerun()
    both = st.session_state.get(Keys.both_changed(key))
    if both:
        where = ", ".join(view.place(path) for path in both)
        st.warning(t("plan.merge.both", fields=where), icon=":material/merge:")
    # Fresh widgets load the stored content; typed ones keep what was typed. `base` stays the
    # version editing started from: the revision a save sends and the base of a merge.
    content = prefill if prefill is not None else stored(section.content)
    form = ui.form_state(f"plan.section.{plan.id}.{key}", keys=f"plan.{key}")
    typed = sections.edit_form(key, section.kind, content, plan)
    if typed is not None:
        save(user, plan, key, typed, form)


def save(user: User, plan: pm.Plan, key: str, content: dict[str, Any], form: ui.FormState) -> None:
    """Save a section against the revision it was loaded from; a conflict keeps what the
    person typed (validated) and opens the conflict view."""
    base: pm.Section = st.session_state.get(Keys.base(key), plan.sections[key])

    def on_conflict(exc: Conflict) -> None:
        st.session_state[Keys.conflict(key)] = {
            "mine": exc.attempted.get("content") or stored(content),
            "theirs": exc.current,
            "base": base,
        }
        st.session_state.pop(Keys.prefill(key), None)
        st.session_state.pop(Keys.both_changed(key), None)
        st.rerun()

    def run() -> pm.Plan:
        saved = plans.save_section(
            user, plan, key, content, base.revision, submission=form.submission
        )
        view.forget(key)
        return saved

    ui.write(
        run,
        success=t("plan.saved", section=view.title(plan.sections[key], ui.lang())),
        on_conflict=on_conflict,
        form=form,
    )


def conflict_view(user: User, plan: pm.Plan, key: str) -> None:
    """Their version and yours side by side; merge, overwrite or discard, explicitly."""
    pending = st.session_state[Keys.conflict(key)]
    theirs: pm.Section = pending["theirs"]
    mine: dict[str, Any] = pending["mine"]
    base: pm.Section = pending["base"]
    name = theirs.updated_by_name or theirs.updated_by or "?"
    st.warning(
        t("plan.conflict.title", name=name, at=view.when(theirs.updated_at)),
        icon=":material/sync_problem:",
    )
    try:  # what differs, so the person knows where to look
        diff = versions.compare_sections(key, theirs, pm.Section.model_validate({"content": mine}))
        where = [view.place((f,)) for f in diff.fields] + [i.label for i in diff.items]
    except pydantic.ValidationError:
        where = []
    if where:
        st.caption(t("plan.conflict.differs", fields=", ".join(where)))
    left, right = st.columns(2)
    with left, st.container(border=True, key=f"plan.{key}.conflict.theirs"):
        st.markdown(f"**{t('plan.conflict.theirs')}**")
        st.caption(t("plan.conflict.saved_by", name=name, at=view.when(theirs.updated_at)))
        sections.show_content(stored(theirs.content), theirs.kind)
    with right, st.container(border=True, key=f"plan.{key}.conflict.mine"):
        st.markdown(f"**{t('plan.conflict.mine')}**")
        st.caption(t("plan.conflict.unsaved"))
        sections.show_content(mine, theirs.kind)
    merge_col, overwrite_col, discard_col = st.columns(3)
    if merge_col.button(
        t("plan.conflict.merge"),
        key=f"plan.{key}.conflict.merge",
        icon=":material/merge:",
        width="stretch",
    ):
        marks = merge.Marks(
            # Written into the plan's text: plain, not Markdown.
            theirs=ui.t_plain("plan.merge.mark.theirs", name=name),
            mine=ui.t_plain("plan.merge.mark.mine"),
        )
        merged = merge.merge_content(stored(base.content), stored(theirs.content), mine, marks)
        view.forget(key)
        # The merged text is now based on their version: a save checks against it.
        st.session_state[Keys.base(key)] = theirs
        st.session_state[Keys.prefill(key)] = merged.content
        st.session_state[Keys.both_changed(key)] = merged.changed_paths
        ui.flash(t("plan.conflict.merged"))
        st.rerun()
    if overwrite_col.button(
        t("plan.conflict.overwrite"),
        key=f"plan.{key}.conflict.overwrite",
        icon=":material/upload:",
        width="stretch",
    ):
        st.session_state.pop(Keys.conflict(key))
        st.session_state[Keys.base(key)] = theirs
        save(user, plan, key, mine, ui.form_state(f"plan.section.{plan.id}.{key}"))
    if discard_col.button(
        t("plan.conflict.discard"),
        key=f"plan.{key}.conflict.discard",
        icon=":material/undo:",
        width="stretch",
    ):
        view.forget(key)
        ui.changed()
        st.rerun()


def meeting_form(user: User, plan: pm.Plan) -> None:
    """Record a local action group meeting (the one edit LAG members make): once per
    submission of the form (screens/_ui/forms.py; its fields get fresh keys from view.widget)."""
    form = ui.form_state(f"plan.meetings.{plan.city_id}", keys="plan.meetings")
    with st.form("plan.meetings.form", border=True):
        st.markdown(f"**{t('plan.meeting.record')}**")
        day = st.date_input(
            t("plan.field.date"), format=ui.date_format(), key=view.widget("meetings", "date")
        )
        attendees = st.text_input(
            t("plan.field.attendees"),
            key=view.widget("meetings", "attendees"),
            help=t("plan.attendees.help"),
        )
        decisions = st.text_area(
            t("plan.field.decisions"), key=view.widget("meetings", "decisions")
        )
        if st.form_submit_button(t("plan.meeting.save"), key=form.key("save")):
            meeting = {
                "date": day,
                "attendees": [a.strip() for a in attendees.split(",") if a.strip()],
                "decisions": decisions,
            }

            def run() -> pm.Plan:
                saved = plans.save_meeting(user, plan, meeting, submission=form.submission)
                view.forget_widgets("meetings")
                return saved

            ui.write(
                run,
                success=t("plan.meeting.saved"),
                on_conflict=lambda _exc: st.warning(
                    t("plan.meeting.conflict"), icon=":material/sync_problem:"
                ),
                form=form,
            )
