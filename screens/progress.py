"""Stage progress of a city: each gate item met or not and why; ticks; approving a gate."""

import streamlit as st

from screens import _ui as ui
from screens._dashboard import header
from screens._network import progress as _stage_progress
from screens._reporting import followups
from services.core import formats, permissions
from services.network import progress

# A page may run without app.py's login gate (Streamlit's first run reads screens/).
user = ui.page_user("city.read")
lang = ui.lang()
cities = ui.user_cities(user)

st.title(ui.t("progress.title"))
ui.show_flash()
if not cities:
    ui.empty("progress.no_cities")
    st.stop()

by_id = {c.id: c for c in cities}
wanted = st.query_params.get("city")  # a link from the dashboard opens that city
city_id = st.selectbox(
    ui.t("progress.city"),
    list(by_id),
    index=list(by_id).index(wanted) if wanted in by_id else 0,
    format_func=lambda i: by_id[i].name,
    key="progress.city",
)
city, network, stage_progress = _stage_progress.city_progress(user, city_id)
header.where_we_stand(city, network)
current = stage_progress.current_status
can_tick = permissions.allowed(user, "plan.edit", city.id)
can_approve = permissions.allowed(user, "stage.approve", city.id)


def run(call, form: ui.FormState) -> None:
    """Run a write of `form`; on success refresh and rerun, on a conflict say so (the city
    reloads)."""
    ui.write(
        call,
        success=ui.t("progress.saved"),
        on_conflict=lambda _: st.warning(ui.t("progress.conflict"), icon=":material/sync_problem:"),
        form=form,
    )


# --- where the city stands ---------------------------------------------------------------------

left, middle, right = st.columns([3, 2, 3])
ui.fact(
    ui.t("progress.current_stage"),
    f"{current.position}. {ui.md(current.label.get(lang))}",
    where=left,
)
middle.metric(ui.t("progress.gate_met"), f"{current.met} / {len(current.items)}")
expected = progress.expected_stage(network)
if expected is not None:
    stage = network.stage(expected[0])
    ui.fact(
        ui.t("progress.expected"),
        ui.md(stage.label.get(lang) if stage else expected[0]),
        help=ui.t("progress.expected_help", date=formats.date(expected[1], lang)),
        where=right,
    )
if stage_progress.completed is not None:
    done_on = formats.date(stage_progress.completed.entered_at, lang)
    st.success(ui.t("progress.completed", date=done_on), icon=":material/verified:")
elif stage_progress.ready:
    st.success(ui.t("progress.ready"), icon=":material/task_alt:")
st.caption(ui.t("progress.current_rule"))
followups.city_followups(user, city.id, "progress")


# --- every stage -------------------------------------------------------------------------------


def why(item: progress.ItemProgress) -> None:
    """What decided an item: the rule and what it counted, or the hand tick and its note."""
    if item.rule:
        st.write(ui.t("progress.why.rule", rule=item.rule))
        st.write(ui.t(progress.rule_description_key(item.rule)))
        if item.found is not None:
            st.write(ui.t("progress.why.count", found=item.found, needed=item.needed))
    elif item.tick is not None:
        st.write(
            ui.t(
                "progress.why.tick",
                who=item.tick.by_name or item.tick.by,
                date=formats.date(item.tick.at, lang),
            )
        )
        if item.tick.note:
            st.text(item.tick.note)
    else:
        st.write(ui.t("progress.why.untouched"))


def tick_form(stage_key: str, item: progress.ItemProgress) -> None:
    prefix = f"progress.tick.{stage_key}.{item.key}"
    form = ui.form_state(f"{prefix}.{city.id}", keys=prefix)
    with st.form(f"{prefix}.form", enter_to_submit=False, border=False):
        met = st.checkbox(ui.t("progress.tick.met"), item.met, key=form.key("met"))
        note = st.text_input(
            ui.t("progress.tick.note"), item.tick.note if item.tick else "", key=form.key("note")
        )
        if st.form_submit_button(ui.t("progress.tick.save"), key=form.key("save")):
            run(
                lambda: progress.tick_gate_item(
                    user, city, stage_key, item.key, met, note, submission=form.submission
                ),
                form,
            )


for status in stage_progress.stages:
    with st.container(border=True):
        state = ui.t(f"progress.state.{status.state}")
        st.markdown(f"**{status.position}. {ui.md(status.label.get(lang))}** · {state}")
        if status.entered_at is not None:
            st.caption(ui.t("progress.entered", date=formats.date(status.entered_at, lang)))
        st.progress(
            status.share,
            text=ui.t("progress.share", met=status.met, total=len(status.items)),
        )
        for item in status.items:
            mark = ":material/check_circle:" if item.met else ":material/radio_button_unchecked:"
            state = (
                f":green[{ui.t('progress.item.met')}]"
                if item.met
                else f":orange[{ui.t('progress.item.not_met')}]"
            )
            with st.expander(f"{ui.md(item.label.get(lang))} · {state}", icon=mark):
                why(item)
                if item.rule is None and can_tick:
                    tick_form(status.key, item)


# --- approving the gate ------------------------------------------------------------------------

if can_approve and stage_progress.next_stage is not None:
    following = network.stage(stage_progress.next_stage)
    st.subheader(ui.t("progress.approve.title", stage=following.label.get(lang)))
    form = ui.form_state(f"progress.approve.{city.id}", keys="progress.approve")
    with st.form("progress.approve.form", enter_to_submit=False):
        force = False
        if not stage_progress.ready:
            missing = ", ".join(i.label.get(lang) for i in current.items if not i.met)
            st.warning(ui.t("progress.approve.not_ready", missing=missing), icon=":material/block:")
            force = st.checkbox(ui.t("progress.approve.force"), key=form.key("force"))
        note = st.text_input(ui.t("progress.approve.note"), key=form.key("note"))
        if st.form_submit_button(
            ui.t("progress.approve.submit"), type="primary", key=form.key("submit")
        ):
            run(
                lambda: progress.approve_stage(
                    user, city, force=force, note=note, submission=form.submission
                ),
                form,
            )

if can_approve and stage_progress.next_stage is None and stage_progress.completed is None:
    st.subheader(ui.t("progress.complete.title", stage=current.label.get(lang)))
    form = ui.form_state(f"progress.complete.{city.id}", keys="progress.complete")
    with st.form("progress.complete.form", enter_to_submit=False):
        force = False
        if not current.complete:
            missing = ", ".join(i.label.get(lang) for i in current.items if not i.met)
            st.warning(ui.t("progress.approve.not_ready", missing=missing), icon=":material/block:")
            force = st.checkbox(ui.t("progress.approve.force"), key=form.key("force"))
        note = st.text_input(ui.t("progress.approve.note"), key=form.key("note"))
        if st.form_submit_button(
            ui.t("progress.complete.submit"), type="primary", key=form.key("submit")
        ):
            run(
                lambda: progress.complete_last_stage(
                    user, city, force=force, note=note, submission=form.submission
                ),
                form,
            )

# Earlier stages, and the current one when completed (returning there reopens it).
back_to = [
    s
    for s in stage_progress.stages
    if s.position < current.position
    or (s.key == current.key and stage_progress.completed is not None)
]
if can_approve and back_to:
    with st.expander(ui.t("progress.return.title"), icon=":material/undo:"):
        st.caption(ui.t("progress.return.help"))
        form = ui.form_state(f"progress.return.{city.id}", keys="progress.return")
        with st.form("progress.return.form", enter_to_submit=False, border=False):
            labels = {s.key: f"{s.position}. {s.label.get(lang)}" for s in back_to}
            target = st.selectbox(
                ui.t("progress.return.stage"),
                list(labels),
                index=len(labels) - 1,
                format_func=labels.get,
                key=form.key("stage"),
            )
            note = st.text_input(ui.t("progress.return.note"), key=form.key("note"))
            if st.form_submit_button(ui.t("progress.return.submit"), key=form.key("submit")):
                run(
                    lambda: progress.return_to_stage(
                        user, city, target, note, submission=form.submission
                    ),
                    form,
                )

with st.expander(ui.t("progress.history"), icon=":material/history:"):
    for entry in reversed(city.stage_history):
        stage = network.stage(entry.stage)
        line = ui.t(
            "progress.history.line"
            if entry.kind == "approved"
            else f"progress.history.{entry.kind}",
            stage=stage.label.get(lang) if stage else entry.stage,
            date=formats.date(entry.entered_at, lang),
            by=entry.approved_by_name or entry.approved_by or "—",
        )
        st.write(line + (f" · {ui.t('progress.history.forced')}" if entry.forced else ""))
        if entry.note:
            st.caption(ui.md(entry.note))
