"""Record a result: phone first. Pick a running experiment, enter a value or an observation,
save; below, the latest entries (who, when) and the results over time against the target."""

import streamlit as st

from models.experiment import ResultFields
from screens import _ui as ui
from screens._experiments import lab
from services.experiments import experiments

user = ui.page_user("experiment.result.record")

st.title(ui.t("record.title"))
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


form = ui.form_state("record")


def save(form: ui.FormState) -> None:
    """Form callback: record the entry with the form's submission id (a second click of the
    same form gets the first result); the form is drawn empty once the entry is stored."""
    state = st.session_state
    value = state.get(form.key("value")) if kind == "value" else None
    observation = state.get(form.key("observation"), "") if kind == "observation" else ""
    ui.write(
        lambda: experiments.record_result(
            user,
            experiment.id,
            ResultFields(
                date=state[form.key("date")],
                value=value,
                observation=observation or "",
                note=state.get(form.key("note"), ""),
            ),
            submission=form.submission,
        ),
        success=ui.t("record.saved"),
        form=form,
    )


# Phone first: the value, then the date and note (today's date, an optional note) folded away
# on a phone, then Save, all above the fold of a 390x844 screen.
with st.form("record.form", border=True):
    if kind == "value":
        st.number_input(
            ui.t("record.value", unit=experiment.unit or "-"),
            value=None,
            step=1.0,
            format="%g",
            key=form.key("value"),
        )
    else:
        st.text_area(ui.t("experiments.f.observation"), key=form.key("observation"), height=100)
    with st.expander(ui.t("record.details"), expanded=not ui.on_phone()):
        st.date_input(
            ui.t("experiments.f.date"),
            value=experiments.today(),
            format=ui.date_format(),
            key=form.key("date"),
        )
        st.text_input(ui.t("experiments.f.note"), key=form.key("note"))
    st.form_submit_button(
        ui.t("record.save"),
        type="primary",
        icon=":material/save:",
        width="stretch",
        on_click=save,
        args=(form,),
        key=form.key("save"),
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
