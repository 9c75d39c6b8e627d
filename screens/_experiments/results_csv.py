"""The CSV tab: download the city's results, upload a corrected or extended file, preview it
row by row, and import it (all of it, or only the valid rows)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from screens import _ui as ui
from screens._experiments import lab
from screens._experiments.context import Lab
from services.transfer import results_csv


def _preview_frame(preview) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                ui.t("csv.row"): r.row,
                ui.t("csv.state"): ui.t(f"csv.state.{r.state}"),
                **r.cells,
                ui.t("csv.errors"): "; ".join(
                    f"{e.field}: {ui.t_plain(e.key, **e.params)}" for e in r.errors
                ),
            }
            for r in preview.rows
        ]
    )


def _import(ctx: Lab, preview, only_valid: bool) -> None:
    ok, written = ui.write(
        lambda: results_csv.apply(ctx.user, preview, only_valid=only_valid),
        on_conflict=lab.show_conflict,
    )
    if ok:
        st.success(ui.t("csv.imported", **written))


def render(ctx: Lab) -> None:
    st.caption(ui.t("csv.help"))
    st.download_button(
        ui.t("csv.export"),
        data=lambda: results_csv.export_city(ctx.user, ctx.city.id),
        file_name=f"results-{ctx.city.id}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="experiments.csv.export",
    )
    if not ctx.can("experiment.result.record"):
        return
    st.download_button(
        ui.t("csv.template"),
        data=lambda: results_csv.template(ctx.user),
        file_name=f"{ui.t('csv.template_file')}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/edit_document:",
        key="experiments.csv.template",
    )
    uploaded = st.file_uploader(ui.t("csv.upload"), type=["csv"], key="experiments.csv.upload")
    if uploaded is None:
        return
    preview = results_csv.preview(ctx.user, uploaded.getvalue())
    counts = preview.counts()
    st.text(ui.t_plain("csv.preview", **counts))
    for line in results_csv.error_lines(preview, ui.lang()):
        st.error(ui.md(line), icon=":material/error:")
    if preview.rows:
        ui.table(
            _preview_frame(preview), hide_index=True, width="stretch", key="experiments.csv.preview"
        )
    to_write = counts["new"] + counts["changed"]
    if not preview.valid:
        st.warning(ui.t("csv.blocked"), icon=":material/block:")
    elif not to_write:
        ui.empty("csv.nothing")
    left, right = st.columns(2)
    if left.button(
        ui.t("csv.import_all"),
        disabled=not preview.valid or not to_write,
        type="primary",
        key="experiments.csv.import_all",
    ):
        _import(ctx, preview, only_valid=False)
    if right.button(
        ui.t("csv.import_valid"),
        disabled=preview.valid or not to_write or bool(preview.file_errors),
        key="experiments.csv.import_valid",
    ):
        _import(ctx, preview, only_valid=True)
