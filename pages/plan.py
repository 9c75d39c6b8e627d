"""The plan: sections saved one by one, conflicts shown side by side, versions, history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pydantic
import streamlit as st

from models import plan as pm
from models.base import stored
from pages import _ui as ui
from pages._plan import export as _export
from pages._plan import view as plan_ui
from services.core import errors, i18n, permissions
from services.plans import charts as plan_charts
from services.plans import plans

user = ui.page_user("plan.read")
lang = ui.lang()
t = ui.t

# --- which city ----------------------------------------------------------------------------------

readable = [c for c in ui.user_cities(user) if permissions.allowed(user, "plan.read", c.id)]
wanted = st.query_params.get("city")
ids = [c.id for c in readable]
if wanted is not None and wanted not in ids:
    st.error(t("error.not_found"), icon=":material/error:")
    st.stop()
if not readable:
    ui.empty("plan.no_city")
    st.stop()


def _city_changed() -> None:
    st.query_params["city"] = st.session_state["plan.city"]


city_id = st.selectbox(
    t("plan.city"),
    ids,
    index=ids.index(wanted) if wanted in ids else 0,
    format_func=lambda cid: next(c.name for c in readable if c.id == cid),
    key="plan.city",
    on_change=_city_changed,
)
city = next(c for c in readable if c.id == city_id)
plan_ui.use_city(city_id)
try:
    plan = plan_ui.plan(user, city_id)
except errors.NotFound:
    st.error(t("error.not_found"), icon=":material/error:")
    st.stop()

can_edit = permissions.allowed(user, "plan.edit", city_id)
can_freeze = permissions.allowed(user, "plan.freeze", city_id)
can_meet = permissions.allowed(user, "plan.meeting.record", city_id)
network = ui.network(user.network_id)
stage = network.stage(city.stage)

st.title(t("plan.title", city=city.name))
ui.show_flash()

if plan is None:
    ui.empty("plan.none")
    if can_edit:
        with st.form("plan.create"):
            scope = st.radio(
                t("plan.scope"),
                pm.SCOPES,
                format_func=lambda s: t(f"plan.scope.{s}"),
                key="plan.create.scope",
                horizontal=True,
            )
            st.caption(t("plan.scope.help"))
            if st.form_submit_button(t("plan.create"), key="plan.create.submit", type="primary"):
                ok, _ = ui.attempt(lambda: plans.create_plan(user, city_id, scope))
                if ok:
                    ui.changed()
                    ui.flash(t("plan.created"))
                    st.rerun()
    st.stop()

summary = plans.plan_summary(plan)
st.caption(
    " · ".join(
        part
        for part in (
            city.country,
            stage.label.get(lang) if stage else city.stage,
            t(f"plan.scope.{plan.scope}"),
            t("plan.version_label", label=summary["label"])
            if summary["label"]
            else t("plan.draft"),
            t("plan.filled", filled=summary["filled"], total=summary["sections"]),
        )
        if part
    )
)


@st.fragment(run_every="15s")
def presence() -> None:
    """Who else has the plan open, or saved it, in the last minutes (cheap, polled)."""
    plans.record_presence(user, plan)
    others = plans.present_users(plan.id, exclude=user.id)
    if not others:
        return
    parts = []
    for person in others:
        sections = ", ".join(
            plan_ui.title(plan.sections[k], lang) for k in person["sections"] if k in plan.sections
        )
        parts.append(
            t("plan.presence.edited", name=person["name"], sections=sections)
            if sections
            else t("plan.presence.open", name=person["name"])
        )
    st.caption(":material/group: " + plan_ui.md(" · ".join(parts)))


presence()


def action_label(action: str) -> str:
    key = f"plan.action.{action}"
    return t(key) if i18n.has(key) else action


# --- rendering one section, read-only ------------------------------------------------------------


def show_table(list_name: str, items: list, caption_key: str) -> None:
    if items:
        st.markdown(f"**{t(caption_key)}**")
        frame = plan_ui.items_frame(list_name, items).drop(columns=["id"])
        frame = frame.astype(object).where(frame.notna(), "")  # blank, not "None"
        st.dataframe(
            frame.rename(columns=lambda c: t(f"plan.field.{c}")), hide_index=True, width="stretch"
        )


def show_text(label_key: str, text: str) -> None:
    if text:
        st.markdown(f"**{t(label_key)}**")
        st.markdown(plan_ui.md(text))


def show_content(key: str, content: dict[str, Any], kind: str) -> None:
    """A section's content as read-only text and tables (user text escaped)."""
    if kind == "context":
        show_text("plan.field.narrative", content.get("narrative", ""))
        for name in pm.IPESTLE:
            show_text(f"plan.field.{name}", content.get("ipestle", {}).get(name, ""))
        for name in ("partners", "previous_attempts", "sources"):
            show_table(name, content.get(name, []), f"plan.field.{name}")
    elif kind == "problem":
        show_text("plan.field.statement", content.get("statement", ""))
        tree = content.get("tree", {})
        if tree.get("core") or tree.get("causes") or tree.get("effects"):
            st.markdown(f"**{t('plan.field.tree')}**")
            st.markdown(f"**{t('plan.field.core')}:** {plan_ui.md(tree.get('core', ''))}")
            for side in ("causes", "effects"):
                if tree.get(side):
                    st.markdown(f"*{t(f'plan.field.{side}')}*")
                    st.markdown(plan_ui.tree_markdown(tree[side]))
    elif kind == "stakeholders":
        for name in ("stakeholders", "lag_members", "meetings"):
            show_table(name, content.get(name, []), f"plan.field.{name}")
        if content.get("stakeholders"):
            section = pm.StakeholdersSection.model_validate(content)
            st.altair_chart(plan_charts.power_interest_chart(section, lang), width="stretch")
    elif kind == "vision":
        show_text("plan.field.vision_statement", content.get("statement", ""))
        show_text("plan.field.headline", content.get("headline", ""))
        show_table("objectives", content.get("objectives", []), "plan.field.objectives")
    elif kind in ("actions", "risks"):
        show_table(kind, content.get(kind, []), f"plan.field.{kind}")
    elif kind == "indicators":
        show_table("indicators", content.get("indicators", []), "plan.field.indicators")
        show_table("measurements", measurement_rows(content), "plan.field.measurements")
    elif kind == "custom":
        for custom in content.get("fields", []):
            value = custom.get("value")
            st.markdown(f"**{plan_ui.md(custom['label'])}**")
            if custom["type"] == "table" and value:
                st.dataframe(value, hide_index=True)
            elif custom["type"] == "list" and value:
                st.markdown("\n".join(f"- {plan_ui.md(v)}" for v in value))
            elif value not in (None, ""):
                st.markdown(plan_ui.md(value.date() if isinstance(value, dt.datetime) else value))


def measurement_rows(content: dict[str, Any]) -> list[dict]:
    return [
        {"id": f"{i['id']}-{n}", "indicator": i["name"], "date": m["date"], "value": m["value"]}
        for i in content.get("indicators", [])
        for n, m in enumerate(i.get("measurements", []))
    ]


# --- editing one section -------------------------------------------------------------------------


def editor(key: str, list_name: str, items: list, **column_config: Any):
    """A data_editor over a list of items (id hidden, rows can be added and removed)."""
    frame = plan_ui.items_frame(list_name, items)
    config = {"id": None, **{c: t(f"plan.field.{c}") for c in plan_ui.COLUMNS[list_name]}}
    config.update(column_config)
    st.markdown(f"**{t(f'plan.field.{list_name}')}**")
    return st.data_editor(
        frame,
        key=plan_ui.widget(key, list_name),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config=config,
    )


def select(label: str, options: tuple | list, required: bool = True):
    return st.column_config.SelectboxColumn(
        t(f"plan.field.{label}"),
        options=list(options),
        required=required,
    )


def score(label: str):
    return st.column_config.NumberColumn(t(f"plan.field.{label}"), step=1, format="%d")


def date_col(label: str):
    return st.column_config.DateColumn(t(f"plan.field.{label}"))


def edit_form(key: str, kind: str, content: dict[str, Any]) -> dict[str, Any] | None:
    """The form of one section; returns the typed content when saved."""
    w = lambda field: plan_ui.widget(key, field)  # noqa: E731 - short alias for widget keys

    def item_list(name: str, **column_config: Any) -> list[dict[str, Any]]:
        """The section's list `name` in a data editor, read back as items."""
        return plan_ui.frame_items(name, editor(key, name, content.get(name, []), **column_config))

    with st.form(f"plan.{key}.form", border=False):
        out: dict[str, Any] = {"kind": kind}
        if kind == "context":
            out["narrative"] = st.text_area(
                t("plan.field.narrative"), content.get("narrative", ""), key=w("narrative")
            )
            ipestle = content.get("ipestle", {})
            columns = st.columns(2)
            out["ipestle"] = {
                name: columns[n % 2].text_area(
                    t(f"plan.field.{name}"), ipestle.get(name, ""), key=w(f"ipestle.{name}")
                )
                for n, name in enumerate(pm.IPESTLE)
            }
            for name in ("partners", "previous_attempts", "sources"):
                out[name] = item_list(name)
        elif kind == "problem":
            out["statement"] = st.text_area(
                t("plan.field.statement"), content.get("statement", ""), key=w("statement")
            )
            tree = content.get("tree", {})
            core = st.text_input(t("plan.field.core"), tree.get("core", ""), key=w("core"))
            st.markdown(f"**{t('plan.field.tree')}**")
            st.caption(t("plan.tree.help", max=pm.TREE_DEPTH_MAX))
            labels = [row["label"] for _, row in plan_ui.tree_frame(tree).iterrows()]
            edited = st.data_editor(
                plan_ui.tree_frame(tree),
                key=w("tree"),
                num_rows="dynamic",
                hide_index=True,
                width="stretch",
                column_config={
                    "id": None,
                    "side": st.column_config.SelectboxColumn(
                        t("plan.field.side"),
                        options=["causes", "effects"],
                        required=True,
                        default="causes",
                    ),
                    "label": t("plan.field.label"),
                    "parent": st.column_config.SelectboxColumn(
                        t("plan.field.parent"), options=["", *labels]
                    ),
                },
            )
            causes, effects = plan_ui.frame_tree(edited)
            out["tree"] = {"core": core, "causes": causes, "effects": effects}
        elif kind == "stakeholders":
            out["stakeholders"] = item_list(
                "stakeholders",
                sector=select("sector", pm.SECTORS),
                power=score("power"),
                interest=score("interest"),
            )
            out["lag_members"] = item_list(
                "lag_members",
                group=select("group", pm.LAG_GROUPS),
            )
            out["meetings"] = item_list("meetings", date=date_col("date"))
        elif kind == "vision":
            out["statement"] = st.text_area(
                t("plan.field.vision_statement"), content.get("statement", ""), key=w("statement")
            )
            out["headline"] = st.text_input(
                t("plan.field.headline"), content.get("headline", ""), key=w("headline")
            )
            out["objectives"] = item_list("objectives")
        elif kind == "actions":
            vision = plan.sections.get("vision")
            objectives = [o.key for o in vision.content.objectives] if vision else []
            out["actions"] = item_list(
                "actions",
                objective=select("objective", objectives, required=False),
                start=date_col("start"),
                end=date_col("end"),
                cost=st.column_config.NumberColumn(t("plan.field.cost")),
                funding_status=select("funding_status", pm.FUNDING_STATUSES),
                status=select("status", pm.ACTION_STATUSES),
                progress=score("progress"),
            )
        elif kind == "indicators":
            indicators = item_list("indicators")
            names = [i["name"] for i in indicators if i.get("name")]
            rows = plan_ui.frame_items(
                "measurements",
                editor(
                    key,
                    "measurements",
                    measurement_rows(content),
                    indicator=select("indicator", names),
                    date=date_col("date"),
                ),
            )
            for item in indicators:
                item["measurements"] = [
                    {"date": r.get("date"), "value": r.get("value")}
                    for r in rows
                    if r.get("indicator") == item.get("name")
                ]
            out["indicators"] = indicators
        elif kind == "risks":
            out["risks"] = item_list(
                "risks",
                likelihood=score("likelihood"),
                impact=score("impact"),
                status=select("status", pm.RISK_STATUSES),
            )
        elif kind == "custom":
            out["title"] = st.text_input(
                t("plan.field.title"), content.get("title", ""), key=w("title")
            )
            out["fields"] = [custom_field(key, f) for f in content.get("fields", [])]
        submitted = st.form_submit_button(
            t("plan.save"), key=f"plan.{key}.save", type="primary", icon=":material/save:"
        )
    return out if submitted else None


def custom_field(key: str, field: dict[str, Any]) -> dict[str, Any]:
    """The input of one typed field of a custom section."""
    value, kind = field.get("value"), field["type"]
    wkey = plan_ui.widget(key, f"field.{field['id']}")
    label = field["label"]
    if kind == "number":
        value = st.number_input(label, value=value, key=wkey)
    elif kind == "date":
        value = st.date_input(
            label, value=value.date() if isinstance(value, dt.datetime) else value, key=wkey
        )
    elif kind == "list":
        text = st.text_area(label, "\n".join(value or []), key=wkey, help=t("plan.list.help"))
        value = [line.strip() for line in text.splitlines() if line.strip()]
    elif kind == "table":
        columns = list(dict.fromkeys(k for row in value or [] for k in row)) or list(
            plan_ui.TABLE_COLUMNS
        )
        frame = pd.DataFrame(value or [], columns=columns)
        st.markdown(f"**{plan_ui.md(label)}**")
        edited = st.data_editor(frame, key=wkey, num_rows="dynamic", width="stretch")
        value = [{k: plan_ui.cell(v) for k, v in row.items()} for row in edited.to_dict("records")]
        value = [row for row in value if any(v is not None for v in row.values())]
    else:
        value = st.text_area(label, value or "", key=wkey)
    return {**field, "value": value}


def save(key: str, content: dict[str, Any], revision: int) -> None:
    """Save a section; on a conflict keep what the user typed and show both versions."""
    try:
        plans.save_section(user, plan, key, content, revision)
    except errors.Conflict as conflict:
        st.session_state[plan_ui.Keys.conflict(key)] = {
            "mine": stored(content),
            "theirs": conflict.current,
        }
        st.session_state.pop(plan_ui.Keys.prefill(key), None)
        ui.changed()
        st.rerun()
    except (pydantic.ValidationError, errors.AtelierError) as exc:
        ui.show_error(exc)  # the widgets keep what was typed
        return
    st.session_state.pop(plan_ui.Keys.prefill(key), None)
    st.session_state.pop(plan_ui.Keys.base(key), None)
    plan_ui.forget_widgets(key)
    ui.changed()
    ui.flash(t("plan.saved", section=plan_ui.title(plan.sections[key], lang)))
    st.rerun()


def conflict_view(key: str, section: pm.Section) -> None:
    """Their version and yours side by side; merge, overwrite or discard, explicitly."""
    pending = st.session_state[plan_ui.Keys.conflict(key)]
    theirs: pm.Section = pending["theirs"]
    mine: dict[str, Any] = pending["mine"]
    st.warning(
        t(
            "plan.conflict.title",
            name=theirs.updated_by_name or theirs.updated_by or "?",
            at=plan_ui.when(theirs.updated_at),
        ),
        icon=":material/sync_problem:",
    )
    try:  # what differs, so the user knows where to look
        diff = plans.compare_sections(key, theirs, pm.Section.model_validate({"content": mine}))
        where = list(diff.fields) + [i.label for i in diff.items]
    except pydantic.ValidationError:
        where = []
    if where:
        st.caption(t("plan.conflict.differs", fields=plan_ui.md(", ".join(where))))
    left, right = st.columns(2)
    with left, st.container(border=True, key=f"plan.{key}.conflict.theirs"):
        st.markdown(f"**{t('plan.conflict.theirs')}**")
        st.caption(
            t(
                "plan.conflict.saved_by",
                name=theirs.updated_by_name,
                at=plan_ui.when(theirs.updated_at),
            )
        )
        show_content(key, stored(theirs.content), section.kind)
    with right, st.container(border=True, key=f"plan.{key}.conflict.mine"):
        st.markdown(f"**{t('plan.conflict.mine')}**")
        st.caption(t("plan.conflict.unsaved"))
        show_content(key, mine, section.kind)
    merge, overwrite, discard = st.columns(3)
    if merge.button(
        t("plan.conflict.merge"),
        key=f"plan.{key}.conflict.merge",
        icon=":material/merge:",
        width="stretch",
    ):
        merged = plan_ui.merge_content(stored(theirs.content), mine)
        st.session_state[plan_ui.Keys.prefill(key)] = merged
        st.session_state[plan_ui.Keys.base(key)] = theirs.revision
        st.session_state.pop(plan_ui.Keys.conflict(key))
        plan_ui.forget_widgets(key)
        ui.flash(t("plan.conflict.merged"))
        st.rerun()
    if overwrite.button(
        t("plan.conflict.overwrite"),
        key=f"plan.{key}.conflict.overwrite",
        icon=":material/upload:",
        width="stretch",
    ):
        st.session_state.pop(plan_ui.Keys.conflict(key))
        save(key, mine, theirs.revision)
    if discard.button(
        t("plan.conflict.discard"),
        key=f"plan.{key}.conflict.discard",
        icon=":material/undo:",
        width="stretch",
    ):
        st.session_state.pop(plan_ui.Keys.conflict(key))
        st.session_state.pop(plan_ui.Keys.prefill(key), None)
        st.session_state.pop(plan_ui.Keys.base(key), None)
        plan_ui.forget_widgets(key)
        ui.changed()
        st.rerun()


def meeting_form(plan: pm.Plan) -> None:
    """Record a local action group meeting (the one edit LAG members make)."""
    with st.form("plan.meetings.form", clear_on_submit=False, border=True):
        st.markdown(f"**{t('plan.meeting.record')}**")
        day = st.date_input(t("plan.field.date"), key=plan_ui.widget("meetings", "date"))
        attendees = st.text_input(
            t("plan.field.attendees"),
            key=plan_ui.widget("meetings", "attendees"),
            help=t("plan.attendees.help"),
        )
        decisions = st.text_area(
            t("plan.field.decisions"), key=plan_ui.widget("meetings", "decisions")
        )
        if st.form_submit_button(t("plan.meeting.save"), key="plan.meetings.save"):
            meeting = {
                "date": day,
                "attendees": [a.strip() for a in attendees.split(",") if a.strip()],
                "decisions": decisions,
            }
            ok, _ = ui.attempt(lambda: plans.save_meeting(user, plan, meeting))
            if ok:
                plan_ui.forget_widgets("meetings")
                ui.changed()
                ui.flash(t("plan.meeting.saved"))
                st.rerun()


def section_block(key: str, section: pm.Section) -> None:
    stored_content = stored(section.content)
    if section.updated_at:
        st.caption(
            t(
                "plan.updated",
                name=section.updated_by_name or "?",
                at=plan_ui.when(section.updated_at),
            )
        )
    if not can_edit:
        show_content(key, stored_content, section.kind)
        if section.kind == "stakeholders" and can_meet:
            meeting_form(plan)
        return
    if plan_ui.Keys.conflict(key) in st.session_state:
        conflict_view(key, section)
        return
    base = st.session_state.setdefault(plan_ui.Keys.base(key), section.revision)
    prefill = st.session_state.get(plan_ui.Keys.prefill(key))
    if base != section.revision and prefill is None:
        st.info(
            t(
                "plan.stale",
                name=section.updated_by_name or "?",
                at=plan_ui.when(section.updated_at),
            ),
            icon=":material/info:",
        )
        if st.button(t("plan.reload"), key=f"plan.{key}.reload", icon=":material/refresh:"):
            st.session_state.pop(plan_ui.Keys.base(key), None)
            plan_ui.forget_widgets(key)
            st.rerun()
    content = prefill if prefill is not None else stored_content
    if section.kind == "problem":
        tree = content.get("tree", {})
        if tree.get("causes") or tree.get("effects"):
            with st.popover(t("plan.tree.show"), icon=":material/account_tree:"):
                st.markdown(f"**{plan_ui.md(tree.get('core', ''))}**")
                for side in ("causes", "effects"):
                    st.markdown(f"*{t(f'plan.field.{side}')}*")
                    st.markdown(plan_ui.tree_markdown(tree.get(side, [])) or "-")
    if section.kind == "stakeholders" and content.get("stakeholders"):
        try:
            chart_section = pm.StakeholdersSection.model_validate(content)
            st.altair_chart(plan_charts.power_interest_chart(chart_section, lang), width="stretch")
        except pydantic.ValidationError:
            pass  # the form below shows what is wrong
    typed = edit_form(key, section.kind, content)
    if typed is not None:
        save(key, typed, base)


# --- the page ------------------------------------------------------------------------------------

tab_names = ["sections", "versions", "history", "export"] + (["layout"] if can_edit else [])
tabs = dict(zip(tab_names, st.tabs([t(f"plan.tab.{n}") for n in tab_names]), strict=True))

with tabs["sections"]:
    if not can_edit:
        st.caption(t("plan.read_only"))
    for key, section in plan.visible():
        conflict = plan_ui.Keys.conflict(key) in st.session_state
        label = plan_ui.title(section, lang) + (
            " — " + t("plan.conflict.badge") if conflict else ""
        )
        # A merge comes back with a new label: keep that section open for the user to edit.
        merging = plan_ui.Keys.prefill(key) in st.session_state
        with st.expander(
            label,
            expanded=conflict or merging,
            icon=":material/edit_note:" if can_edit else None,
        ):
            section_block(key, section)

with tabs["versions"]:
    versions = plan_ui.versions(user, plan)
    if can_freeze:
        with st.form("plan.freeze", border=True):
            st.markdown(f"**{t('plan.freeze.title', label=f'V{plan.version + 1}')}**")
            note = st.text_area(t("plan.freeze.note"), key="plan.freeze.note")
            if st.form_submit_button(
                t("plan.freeze.submit"), key="plan.freeze.submit", icon=":material/lock:"
            ):
                ok, version = ui.attempt(lambda: plans.freeze_version(user, plan, note))
                if ok:
                    ui.changed()
                    ui.flash(t("plan.freeze.done", label=version.label))
                    st.rerun()
    if plan.pending_changes:
        st.markdown(f"**{t('plan.pending')}**")
        st.dataframe(
            [
                {
                    t("plan.field.section"): plan_ui.title(plan.sections[c.section], lang)
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
    if not versions:
        ui.empty("plan.no_versions")
    else:
        st.dataframe(
            [
                {
                    t("plan.field.version"): v.label,
                    t("plan.field.frozen_at"): plan_ui.when(v.created_at),
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
        b = right.selectbox(
            t("plan.compare.to"), labels, index=len(labels) - 1, key="plan.compare.b"
        )
        diffs = [d for d in plans.compare(snapshots[a], snapshots[b]) if d.status != "same"]
        if not diffs:
            st.info(t("plan.compare.same"), icon=":material/check:")
        for diff in diffs:
            name = diff.title_after or diff.title_before
            with st.expander(f"{name} — {t(f'plan.diff.{diff.status}')}", expanded=True):
                before, after = st.columns(2)
                before.markdown(f"**{a}**")
                after.markdown(f"**{b}**")
                for field, (old, new) in diff.fields.items():
                    before.markdown(
                        f"*{plan_ui.md(field)}*  \n:red[{plan_ui.md(old)}]"
                        if old not in (None, "")
                        else f"*{plan_ui.md(field)}*  \n—"
                    )
                    after.markdown(
                        f"*{plan_ui.md(field)}*  \n:green[{plan_ui.md(new)}]"
                        if new not in (None, "")
                        else f"*{plan_ui.md(field)}*  \n—"
                    )
                for item in diff.items:
                    text = plan_ui.md(item.label)
                    if item.change == "removed":
                        before.markdown(f":red[− {text}]")
                    elif item.change == "added":
                        after.markdown(f":green[+ {text}]")
                    else:
                        changed = ", ".join(plan_ui.md(f) for f in item.fields)
                        before.markdown(f":orange[~ {text}] ({changed})")
                        after.markdown(
                            f":orange[~ {text}]  \n"
                            + "  \n".join(
                                f"{plan_ui.md(f)}: :red[{plan_ui.md(o)}] → :green[{plan_ui.md(n)}]"
                                for f, (o, n) in item.fields.items()
                            )
                        )
                if diff.status in ("added", "removed"):
                    column = after if diff.status == "added" else before
                    with column:
                        show_content(diff.key, diff.after or diff.before or {}, diff.kind)
        chosen = snapshots[b]
        if isinstance(chosen, pm.PlanVersion) and chosen.changes:
            learnings = plan_ui.learning_titles(user, city.id)
            st.markdown(f"**{t('plan.version.changes', label=chosen.label)}**")
            st.dataframe(
                [
                    {
                        t("plan.field.section"): c.section,
                        t("plan.field.change"): t(f"plan.change.{c.kind}"),
                        t("plan.field.summary"): c.summary,
                        t("plan.field.reason"): c.reason,
                        t("plan.field.learning"): learnings.get(c.learning_id, c.learning_id) or "",
                    }
                    for c in chosen.changes
                ],
                hide_index=True,
                width="stretch",
            )

with tabs["history"]:
    options = [None, *plan.order]
    section_filter = st.selectbox(
        t("plan.history.section"),
        options,
        format_func=lambda k: (
            t("plan.history.all") if k is None else plan_ui.title(plan.sections[k], lang)
        ),
        key="plan.history.section",
    )
    lines = plan_ui.history(user, plan, section_filter)
    if not lines:
        ui.empty("plan.history.none")
    else:
        st.dataframe(
            [
                {
                    t("plan.field.when"): plan_ui.when(line["at"]),
                    t("plan.field.who"): line["actor"],
                    t("plan.field.what"): action_label(line["action"]),
                    t("plan.field.sections"): ", ".join(
                        plan_ui.title(plan.sections[k], lang)
                        for k in line["sections"]
                        if k in plan.sections
                    ),
                    t("plan.field.note"): line["note"],
                }
                for line in lines
            ],
            hide_index=True,
            width="stretch",
        )

with tabs["export"]:
    _export.export_buttons(plan, city, lang)

if can_edit:
    with tabs["layout"]:
        st.markdown(f"**{t('plan.layout.title')}**")
        layout = pd.DataFrame(
            [
                {
                    "key": k,
                    "position": n + 1,
                    "section": plan_ui.title(plan.sections[k], lang),
                    "shown": plan.sections[k].enabled,
                }
                for n, k in enumerate(plan.order)
            ]
        )
        with st.form("plan.layout.form", border=False):
            edited = st.data_editor(
                layout,
                key=plan_ui.widget("layout", "table"),
                hide_index=True,
                disabled=["key", "section"],
                column_config={
                    "key": None,
                    "position": st.column_config.NumberColumn(
                        t("plan.layout.position"), min_value=1, step=1
                    ),
                    "section": t("plan.field.section"),
                    "shown": st.column_config.CheckboxColumn(t("plan.layout.shown")),
                },
            )
            if st.form_submit_button(t("plan.layout.save"), key="plan.layout.save"):
                ordered = edited.sort_values(["position"], kind="stable")
                change = {
                    "order": list(ordered["key"]),
                    "enabled": {r["key"]: bool(r["shown"]) for r in edited.to_dict("records")},
                }
                ok, _ = ui.attempt(lambda: plans.set_layout(user, plan, change))
                if ok:
                    plan_ui.forget_widgets("layout")
                    ui.changed()
                    ui.flash(t("plan.layout.saved"))
                    st.rerun()
        with st.form("plan.preset.form", border=True):
            scope = st.radio(
                t("plan.scope"),
                pm.SCOPES,
                index=pm.SCOPES.index(plan.scope),
                format_func=lambda s: t(f"plan.scope.{s}"),
                key="plan.preset.scope",
                horizontal=True,
            )
            st.caption(t("plan.scope.help"))
            if st.form_submit_button(t("plan.preset.apply"), key="plan.preset.apply"):
                ok, _ = ui.attempt(lambda: plans.apply_preset(user, plan, scope))
                if ok:
                    plan_ui.forget_widgets("layout")
                    ui.changed()
                    ui.flash(t("plan.layout.saved"))
                    st.rerun()
        with st.form("plan.custom.form", border=True):
            st.markdown(f"**{t('plan.custom.title')}**")
            title = st.text_input(t("plan.field.title"), key=plan_ui.widget("custom", "title"))
            fields = st.data_editor(
                pd.DataFrame(
                    {"label": pd.Series(dtype="object"), "type": pd.Series(dtype="object")}
                ),
                key=plan_ui.widget("custom", "fields"),
                num_rows="dynamic",
                hide_index=True,
                column_config={
                    "label": t("plan.field.label"),
                    "type": st.column_config.SelectboxColumn(
                        t("plan.field.type"), options=list(pm.FIELD_TYPES), default="text"
                    ),
                },
            )
            if st.form_submit_button(t("plan.custom.add"), key="plan.custom.add"):
                spec = {
                    "title": title,
                    "fields": [
                        {"label": r["label"], "type": r.get("type") or "text"}
                        for r in fields.to_dict("records")
                        if plan_ui.cell(r.get("label"))
                    ],
                }
                ok, _ = ui.attempt(lambda: plans.add_custom_section(user, plan, spec))
                if ok:
                    plan_ui.forget_widgets("custom")
                    plan_ui.forget_widgets("layout")
                    ui.changed()
                    ui.flash(t("plan.custom.added"))
                    st.rerun()
