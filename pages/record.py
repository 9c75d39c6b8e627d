"""Record a result: phone first. Pick a running experiment, enter a value or an observation,
save; below, the latest entries (who, when) and the results over time against the target."""

import streamlit as st

from models.experiment import ResultInput
from pages import _ui as ui
from pages._experiments import lab, record_form
from services.experiments import experiments

user = ui.page_user("experiment.result.record")

st.title(ui.t("record.title"))
if record_form.forget_resubmitted_entry():
    ui.flash(ui.t("record.saved"))  # it was recorded once; say so again
ui.show_flash()

running = lab.recordable(user)
if not running:
    ui.empty("record.none")
    st.stop()

by_id = {e.id: e for e in running}
city_names = {c.id: c.name for c in ui.user_cities(user)}
several_cities = len({e.city_id for e in running}) > 1


def title(experiment_id: str) -> str:
    experiment = by_id[experiment_id]
    if several_cities:
        return f"{experiment.title} · {city_names.get(experiment.city_id, '')}"
    return experiment.title


chosen_id = st.selectbox(
    ui.t("record.experiment"), list(by_id), format_func=title, key="record.experiment"
)
experiment = by_id[chosen_id]
st.text(lab.criterion_line(experiment))

numeric = experiment.criterion.kind == "numeric"
kind = st.radio(
    ui.t("record.kind"),
    ["value", "observation"],
    index=0 if numeric else 1,
    format_func=lambda k: ui.t(f"record.kind.{k}"),
    horizontal=True,
    key="record.kind",
)


submission = record_form.record_submission()


def save(submitted: str) -> None:
    """Form callback: record the entry once per submission, then flash on the next run."""
    state = st.session_state
    if submitted != state.get(record_form.RECORD_SUBMISSION) or record_form.repeats_last_save():
        # Another click of a form already saved (a double click): nothing more to record.
        record_form.clear_record_form()
        ui.flash(ui.t("record.saved"))
        return
    value = state.get("record.value") if kind == "value" else None
    observation = state.get("record.observation", "") if kind == "observation" else ""
    ok, _ = ui.write(
        lambda: experiments.record_result(
            user,
            experiment.id,
            ResultInput(
                date=state["record.date"],
                value=value,
                observation=observation or "",
                note=state.get("record.note", ""),
            ),
            submission=submitted,
        )
    )
    if ok:
        record_form.record_saved()
        ui.flash(ui.t("record.saved"))


with st.form("record.form", clear_on_submit=False, border=True):
    st.date_input(
        ui.t("experiments.f.date"),
        value=experiments.today(),
        format=ui.date_format(),
        key="record.date",
    )
    if kind == "value":
        st.number_input(
            ui.t("record.value", unit=experiment.unit or "-"),
            value=None,
            step=1.0,
            format="%g",
            key="record.value",
        )
    else:
        st.text_area(ui.t("experiments.f.observation"), key="record.observation", height=100)
    st.text_input(ui.t("experiments.f.note"), key="record.note")
    # The container keeps one key for finding the button; the button is new per submission.
    with st.container(key="record.save"):
        st.form_submit_button(
            ui.t("record.save"),
            type="primary",
            icon=":material/save:",
            width="stretch",
            on_click=save,
            args=(submission,),
            key=record_form.record_save_key(submission),
        )

st.subheader(ui.t("record.latest"))
latest = sorted(experiment.results, key=lambda e: (e.date, e.recorded_at), reverse=True)[:5]
if not latest:
    ui.empty("record.no_entries")
for entry in latest:
    shown = (
        f"{lab.number(entry.value)} {entry.unit}".strip()
        if entry.value is not None
        else entry.observation
    )
    with st.container(border=True, key=f"record.entry.{entry.id}"):
        line = ui.t_plain(
            "record.entry",
            date=lab.day(entry.date),
            value=shown,
            who=entry.recorded_by_name or entry.recorded_by,
            when=lab.when(entry.recorded_at),
        )
        if entry.history:
            line += f" · {ui.t('record.corrected', count=len(entry.history))}"
        st.text(line)
        if entry.note:
            st.text(entry.note)

if numeric and any(e.value is not None for e in experiment.results):
    ui.chart(*lab.results_chart(experiment), key="record.chart")
