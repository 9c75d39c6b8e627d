"""The network settings' workshop templates: one row per kind (phases, names shown in which
phases, a timer per phase, vote budget, hidden until the reveal), a JSON download of them all,
and a JSON file loaded back."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.network import Network
from models.user import User
from screens import _ui as ui
from services.workshops import templates

_TEXT = ("phases", "named_phases", "timers")


def render(user: User, network: Network, can_edit: bool) -> None:
    """The templates' table (saved revision-checked), its export and its import."""
    st.caption(ui.t("templates.help"))
    frame = pd.DataFrame(templates.template_rows(network))
    config = {
        "key": st.column_config.TextColumn(ui.t("templates.column.key"), disabled=True),
        **{c: st.column_config.TextColumn(ui.t(f"templates.column.{c}")) for c in _TEXT},
        "votes_per_person": st.column_config.NumberColumn(
            ui.t("templates.column.votes_per_person"), min_value=1, step=1
        ),
        "hide_until_reveal": st.column_config.CheckboxColumn(
            ui.t("templates.column.hide_until_reveal")
        ),
        "several_votes_per_note": st.column_config.CheckboxColumn(
            ui.t("templates.column.several_votes_per_note")
        ),
    }
    form = ui.form_state("network.templates")  # one submission per form shown
    with st.form("network.templates.form", enter_to_submit=False):
        edited = ui.editor(
            frame,
            column_config=config,
            hide_index=True,
            disabled=not can_edit,
            key="network.templates.editor",
        )
        if st.form_submit_button(
            ui.t("settings.save"), key="network.templates.save", disabled=not can_edit
        ):
            ui.write(
                lambda: templates.save_templates(
                    user,
                    network,
                    templates.templates_from_rows(edited.to_dict("records")),
                    submission=form.submission,
                ),
                success=ui.t("settings.saved"),
                form=form,
            )
    st.download_button(
        ui.t("templates.export"),
        data=lambda: templates.templates_json(network),
        file_name="workshop-templates.json",
        mime="application/json",
        on_click="ignore",
        key="network.templates.export",
    )
    if can_edit:
        upload = st.file_uploader(
            ui.t("templates.import"), type=["json"], key="network.templates.import"
        )
        if upload is not None and st.button(
            ui.t("templates.import_go"), key="network.templates.import_go"
        ):
            ui.write(
                lambda: templates.save_templates(
                    user, network, templates.parse_templates(upload.getvalue())
                ),
                success=ui.t("settings.saved"),
            )
