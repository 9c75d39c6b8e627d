"""The shared indicators tab: the network's indicators as the city measures them (baseline,
target, latest), a form for baseline and target, and one for a measurement (one entry per
submission, screens/_ui/forms.py: the form is cleared once the save is confirmed)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.base import today
from models.indicator import IndicatorRecord, IndicatorUpdate, MeasurementCreate
from models.network import SharedIndicator
from screens import _ui as ui
from screens._experiments import lab
from screens._experiments.context import Lab
from services.network import indicators


def render(ctx: Lab) -> None:
    found = indicators.city_indicators(ctx.user, ctx.city.id)
    if not found:
        ui.empty("indicators.none")
        return
    for indicator, record in found:
        _block(ctx, indicator, record)


def _block(ctx: Lab, indicator: SharedIndicator, record: IndicatorRecord | None) -> None:
    lang = ui.lang()
    can_target, can_record = ctx.can("plan.edit"), ctx.can("experiment.result.record")
    prefix = f"experiments.indicator.{indicator.key}"
    with st.container(border=True, key=prefix):
        unit = f" ({indicator.unit})" if indicator.unit else ""
        st.subheader(ui.md(f"{indicator.label.get(lang)}{unit}"))
        measured = (
            sorted(record.measurements, key=lambda m: (m.date, m.recorded_at)) if record else []
        )
        unset = ui.t_plain("indicators.unset")
        st.text(
            ui.t_plain(
                "indicators.line",
                baseline=lab.number(record.baseline)
                if record and record.baseline is not None
                else unset,
                target=lab.number(record.target) if record and record.target is not None else unset,
                latest=lab.number(measured[-1].value) if measured else "-",
            )
        )
        if measured:
            ui.table(
                ui.readable(
                    pd.DataFrame(
                        [{"date": m.date, "value": m.value, "note": m.note} for m in measured]
                    ).rename(columns=lambda c: ui.t_plain(f"experiments.f.{c}"))
                ),
                hide_index=True,
                key=f"{prefix}.measurements",
            )
        if can_target:
            targets = ui.form_state(f"{prefix}.targets.{ctx.city.id}")
            with st.form(f"{prefix}.targets.form"):
                left, right = st.columns(2)
                baseline = left.number_input(
                    ui.t("field.baseline"),
                    value=record.baseline if record else None,
                    format="%g",
                    key=f"{prefix}.baseline",
                )
                target = right.number_input(
                    ui.t("field.target"),
                    value=record.target if record else None,
                    format="%g",
                    key=f"{prefix}.target",
                )
                if st.form_submit_button(
                    ui.t("indicators.save_targets"), key=f"{prefix}.save_targets"
                ):
                    ui.write(
                        lambda: indicators.set_targets(
                            ctx.user,
                            ctx.city.id,
                            indicator.key,
                            IndicatorUpdate(baseline=baseline, target=target),
                            record,
                            submission=targets.submission,
                        ),
                        success=ui.t("indicators.saved"),
                        on_conflict=lab.show_conflict,
                        form=targets,
                    )
        if can_record:
            form = ui.form_state(f"{prefix}.record", keys=prefix)
            with st.form(f"{prefix}.record.form"):
                left, right = st.columns(2)
                day = left.date_input(
                    ui.t("experiments.f.date"),
                    today(),
                    format=ui.date_format(),
                    key=form.key("date"),
                )
                value = right.number_input(
                    ui.t("indicators.value", unit=indicator.unit or "-"),
                    value=None,
                    format="%g",
                    key=form.key("value"),
                )
                note = st.text_input(ui.t("experiments.f.note"), key=form.key("note"))
                if st.form_submit_button(
                    ui.t("indicators.record"), key=form.key("record"), type="primary"
                ):
                    ui.write(
                        lambda: indicators.record_measurement(
                            ctx.user,
                            ctx.city.id,
                            indicator.key,
                            MeasurementCreate(date=day, value=value, note=note),
                            form.submission,
                        ),
                        success=ui.t_plain("indicators.saved"),
                        form=form,
                    )
