"""The versions tab: freeze the next version, pending changes, compare two snapshots."""

from __future__ import annotations

from typing import Any

import streamlit as st

from models import plan as pm
from models.user import User
from screens import _ui as ui
from screens._plan import sections, view
from services.plans import labels as plan_labels
from services.plans import versions as plan_versions

t = ui.t


def freeze_form(user: User, plan: pm.Plan) -> None:
    """Freeze the working plan as the next version; a version frozen meanwhile by someone else
    is a conflict (the note stays in the form)."""
    shown = view.seen("freeze", plan.version)  # the version number the person saw
    form = ui.form_state(f"plan.freeze.{plan.id}", keys="plan.freeze")
    with st.form("plan.freeze", border=True):
        st.markdown(f"**{t('plan.freeze.title', label=f'V{plan.version + 1}')}**")
        note = st.text_area(t("plan.freeze.note"), key=form.key("note"))
        if st.form_submit_button(
            t("plan.freeze.submit"), key=form.key("submit"), icon=":material/lock:"
        ):
            seen_plan = plan.model_copy(update={"version": shown})
            ok, version = ui.write(
                lambda: plan_versions.freeze_version(user, seen_plan, note, form.submission),
                on_conflict=lambda exc: st.warning(
                    t(
                        "plan.freeze.conflict",
                        label=f"V{exc.current.version}",
                        next=f"V{exc.current.version + 1}",
                    ),
                    icon=":material/sync_problem:",
                ),
                form=form,
            )
            if ok:
                ui.flash(t("plan.freeze.done", label=version.label))
                st.rerun()


def pending_changes(plan: pm.Plan, lang: str) -> None:
    if not plan.pending_changes:
        return
    st.markdown(f"**{t('plan.pending')}**")
    ui.table(
        [
            {
                t("plan.field.section"): view.title(plan.sections[c.section], lang)
                if c.section in plan.sections
                else c.section,
                t("plan.field.change"): t(f"plan.change.{c.kind}"),
                t("plan.field.summary"): c.summary,
                t("plan.field.reason"): c.reason,
            }
            for c in plan.pending_changes
        ],
        hide_index=True,
    )


def show_diff(diff: plan_versions.SectionDiff, a: str, b: str) -> None:
    """One section's difference: before on the left, after on the right."""
    before, after = st.columns(2)
    before.markdown(f"**{ui.md(a)}**")
    after.markdown(f"**{ui.md(b)}**")
    for field, (old, new) in diff.fields.items():
        label = f"*{ui.md(field)}*  \n"
        before.markdown(label + (f":red[{ui.md(old)}]" if old not in (None, "") else "—"))
        after.markdown(label + (f":green[{ui.md(new)}]" if new not in (None, "") else "—"))
    for item in diff.items:
        text = ui.md(item.label)
        if item.change == "removed":
            before.markdown(f":red[− {text}]")
        elif item.change == "added":
            after.markdown(f":green[+ {text}]")
        else:
            changed = ", ".join(ui.md(f) for f in item.fields)
            before.markdown(f":orange[~ {text}] ({changed})")
            after.markdown(
                f":orange[~ {text}]  \n"
                + "  \n".join(
                    f"{ui.md(f)}: :red[{ui.md(o)}] → :green[{ui.md(n)}]"
                    for f, (o, n) in item.fields.items()
                )
            )
    if diff.status in ("added", "removed"):
        with after if diff.status == "added" else before:
            sections.show_content(diff.after or diff.before or {}, diff.kind)


def versions_tab(user: User, plan: pm.Plan, city_id: str, can_freeze: bool, lang: str) -> None:
    versions = view.versions(user, plan)
    if can_freeze:
        freeze_form(user, plan)
    pending_changes(plan, lang)
    if not versions:
        ui.empty("plan.no_versions")
        return
    ui.table(
        [
            {
                t("plan.field.version"): v.label,
                t("plan.field.frozen_at"): view.when(v.created_at),
                t("plan.field.note"): v.note,
                t("plan.field.changes"): len(v.changes),
            }
            for v in versions
        ],
        hide_index=True,
        width="stretch",
    )
    snapshots: dict[str, Any] = {v.label: v for v in versions}
    snapshots[t("plan.working")] = plan
    labels = list(snapshots)
    st.subheader(t("plan.compare"))
    left, right = st.columns(2)
    a = left.selectbox(t("plan.compare.from"), labels, index=0, key="plan.compare.a")
    b = right.selectbox(t("plan.compare.to"), labels, index=len(labels) - 1, key="plan.compare.b")
    diffs = [d for d in plan_versions.compare(snapshots[a], snapshots[b]) if d.status != "same"]
    if not diffs:
        st.info(t("plan.compare.same"), icon=":material/check:")
    for diff in diffs:
        name = ui.md(diff.title_after or diff.title_before)
        with st.expander(f"{name} — {t(f'plan.diff.{diff.status}')}", expanded=True):
            show_diff(diff, a, b)
    chosen = snapshots[b]
    if isinstance(chosen, pm.PlanVersion) and chosen.changes:
        learnings = view.learning_titles(user, city_id)
        st.markdown(f"**{t('plan.version.changes', label=chosen.label)}**")
        ui.table(
            [
                {
                    t("plan.field.section"): plan_labels.section_label(c.section, ui.lang()),
                    t("plan.field.change"): t(f"plan.change.{c.kind}"),
                    t("plan.field.summary"): plan_labels.change_summary(
                        c.summary, c.fields, ui.lang()
                    ),
                    t("plan.field.reason"): c.reason,
                    t("plan.field.learning"): learnings.get(c.learning_id, c.learning_id) or "",
                }
                for c in chosen.changes
            ],
            hide_index=True,
            width="stretch",
        )
