"""Network settings: name and funder, stages and gates, clusters, plan template, timeline,
listening and reporting (check-in reminder, report grace days, blocker list), shared
indicators, workshop templates."""

import pydantic
import streamlit as st

from screens import _ui as ui
from screens._network import listening, workshop_templates
from services.core import errors, formats, permissions
from services.network import indicators, progress, settings
from services.reporting import reminders

# A page may run without app.py's login gate (Streamlit's first run reads screens/).
user = ui.page_user("network.read")
network = ui.network(user.network_id)
lang = ui.lang()
can_edit = permissions.allowed(user, "network.edit")

st.title(ui.t("settings.title"))
ui.show_flash()
if not can_edit:
    st.info(ui.t("settings.read_only"), icon=":material/lock:")


def save(tab: str, changes: dict) -> None:
    """Save one tab's changes (its form, screens/_ui/forms.py); a conflict keeps the form as
    typed and shows what is stored."""
    form = ui.form_state(f"network.{tab}")

    def nested_errors(exc: Exception) -> None:
        # Settings are nested (a phase, a gate item): say where, not only which field.
        if isinstance(exc, (pydantic.ValidationError, errors.InvalidInput)):
            lines = settings.error_lines(exc, lang)
            st.error("\n\n".join(ui.md(line) for line in lines), icon=":material/error:")
        else:
            ui.show_error(exc)

    ui.write(
        lambda: settings.update_settings(user, network, changes, submission=form.submission),
        success=ui.t("settings.saved"),
        on_conflict=lambda exc: ui.show_conflict(exc, set(changes)),
        errors=nested_errors,
        form=form,
    )


tabs = st.tabs(
    [
        ui.t("settings.tab.general"),
        ui.t("settings.tab.stages"),
        ui.t("settings.tab.clusters"),
        ui.t("settings.tab.template"),
        ui.t("settings.tab.timeline"),
        ui.t("settings.tab.listening"),
        ui.t("settings.tab.indicators"),
        ui.t("settings.tab.workshops"),
    ]
)
general, stages_tab, clusters_tab, template_tab, timeline_tab, listening_tab, shared_tab = tabs[:7]
with tabs[7]:
    workshop_templates.render(user, network, can_edit)

# Each tab's form state is taken where the forms are drawn (screens/_ui/forms.py).
for tab in ("general", "stages", "clusters", "template", "timeline", "indicators"):
    ui.form_state(f"network.{tab}")

with general, st.form("network.general.form", enter_to_submit=False):
    name = st.text_input(ui.t("field.name"), network.name, key="network.general.name")
    funder = st.text_input(ui.t("field.funder"), network.funder, key="network.general.funder")
    description = st.text_input(
        ui.t("field.description_network"), network.description, key="network.general.description"
    )
    rhythm = st.selectbox(
        ui.t("field.reporting_rhythm"),
        settings.RHYTHMS,
        index=settings.RHYTHMS.index(network.reporting_rhythm),
        format_func=lambda r: ui.t(f"settings.rhythm.{r}"),
        key="network.general.rhythm",
    )
    currency_names = formats.currencies(lang)
    currency = st.selectbox(
        ui.t("field.currency"),
        list(currency_names),
        index=list(currency_names).index(network.currency),
        format_func=currency_names.get,
        key="network.general.currency",
    )
    if st.form_submit_button(
        ui.t("settings.save"), key="network.general.save", disabled=not can_edit
    ):
        save(
            "general",
            {
                "name": name,
                "funder": funder,
                "description": description,
                "reporting_rhythm": rhythm,
                "currency": currency,
            },
        )

with general:
    # How reminders go out: the SMTP host at most, never the account or its password.
    mail = reminders.mail_status()
    if mail.on:
        st.caption(ui.t("reminder.mail.on", host=mail.host))
    elif mail.problem:
        st.warning(ui.t("reminder.mail.unusable", problem=mail.problem), icon=":material/mail:")
    else:
        st.caption(ui.t("reminder.mail.off"))
    if (
        mail.on
        and permissions.allowed(user, "reminder.send")
        and st.button(ui.t("reminder.mail.send_now"), key="network.reminders.send")
    ):
        ok, outcome = ui.write(lambda: reminders.send_reminders(user))
        if ok:
            counts = {"sent": outcome.sent, "skipped": outcome.skipped, "failed": outcome.failed}
            st.info(ui.t("reminder.mail.result", nothing=outcome.nothing_due, **counts))

rule_options = ["", *settings.rule_keys()]


with stages_tab:
    st.caption(ui.t("settings.stages_help"))
    with st.expander(ui.t("settings.rules_help"), icon=":material/rule:"):
        for rule in settings.rule_keys():
            st.markdown(f"- `{rule}`: {ui.t(progress.rule_description_key(rule))}")
    with st.form("network.stages.form", enter_to_submit=False):
        text_column = st.column_config.TextColumn
        label_columns = {
            "key": text_column(ui.t("settings.column.key"), required=True),
            "label_en": text_column(ui.t("settings.column.label_en"), required=True),
            "label_fr": text_column(ui.t("settings.column.label_fr"), required=True),
            **ui.other_label_columns(),
        }
        stages_edited = ui.editor(
            settings.stages_frame(network),
            column_config=label_columns,
            num_rows="dynamic",
            hide_index=True,
            disabled=not can_edit,
            key="network.stages.editor",
        )
        gates = {}
        for position, stage in enumerate(network.stages):
            label = ui.md(stage.label.get(lang))
            st.markdown(f"**{position + 1}. {label}** · {ui.t('settings.gate')}")
            gates[position] = ui.editor(
                settings.gate_frame(network, position),
                column_config={
                    **label_columns,
                    "rule": st.column_config.SelectboxColumn(
                        ui.t("settings.column.rule"),
                        options=rule_options,
                        format_func=lambda r: r or ui.t("settings.rule.manual"),
                    ),
                },
                num_rows="dynamic",
                hide_index=True,
                disabled=not can_edit,
                key=f"network.gate.{position}",
            )
        if st.form_submit_button(
            ui.t("settings.save"), key="network.stages.save", disabled=not can_edit
        ):
            save("stages", {"stages": settings.stages_from_frames(stages_edited, gates)})

with clusters_tab, st.form("network.clusters.form", enter_to_submit=False):
    clusters_text = st.text_area(
        ui.t("field.clusters"),
        "\n".join(network.clusters),
        help=ui.t("settings.clusters_help"),
        key="network.clusters.text",
    )
    if st.form_submit_button(
        ui.t("settings.save"), key="network.clusters.save", disabled=not can_edit
    ):
        save("clusters", {"clusters": settings.clusters_from_text(clusters_text)})

with template_tab, st.form("network.template.form", enter_to_submit=False):
    template = st.multiselect(
        ui.t("field.plan_template"),
        settings.section_keys(),
        default=[k for k in network.plan_template if k in settings.section_keys()],
        format_func=lambda k: ui.t(f"export.section.{k}"),
        help=ui.t("settings.template_help"),
        key="network.template.sections",
    )
    if st.form_submit_button(
        ui.t("settings.save"), key="network.template.save", disabled=not can_edit
    ):
        save("template", {"plan_template": template})

with timeline_tab:
    st.caption(ui.t("settings.timeline_help"))
    with st.form("network.timeline.form", enter_to_submit=False):
        stage_labels = {s.key: s.label.get(lang) for s in network.stages}
        timeline_edited = ui.editor(
            settings.timeline_frame(network),
            column_config={
                "name": st.column_config.TextColumn(ui.t("settings.column.phase"), required=True),
                "start": st.column_config.DateColumn(ui.t("settings.column.start"), required=True),
                "end": st.column_config.DateColumn(ui.t("settings.column.end"), required=True),
                "expected_stage": st.column_config.SelectboxColumn(
                    ui.t("field.expected_stage"),
                    options=list(stage_labels),
                    format_func=lambda k: stage_labels.get(k, k),
                    required=True,
                ),
            },
            num_rows="dynamic",
            hide_index=True,
            disabled=not can_edit,
            key="network.timeline.editor",
        )
        if st.form_submit_button(
            ui.t("settings.save"), key="network.timeline.save", disabled=not can_edit
        ):
            save("timeline", {"timeline": settings.timeline_from_frame(timeline_edited)})

with listening_tab:
    listening.render(user, can_edit)

with shared_tab:
    st.caption(ui.t("settings.indicators_help"))
    with st.form("network.indicators.form", enter_to_submit=False):
        shared_edited = ui.editor(
            indicators.indicators_frame(network),
            column_config={
                "key": st.column_config.TextColumn(ui.t("settings.column.key"), required=True),
                "label_en": st.column_config.TextColumn(
                    ui.t("settings.column.label_en"), required=True
                ),
                "label_fr": st.column_config.TextColumn(ui.t("settings.column.label_fr")),
                **ui.other_label_columns(),
                "unit": st.column_config.TextColumn(ui.t("settings.column.unit")),
            },
            num_rows="dynamic",
            hide_index=True,
            disabled=not can_edit,
            key="network.indicators.editor",
        )
        if st.form_submit_button(
            ui.t("settings.save"), key="network.indicators.save", disabled=not can_edit
        ):
            save("indicators", {"indicators": indicators.indicators_from_frame(shared_edited)})
