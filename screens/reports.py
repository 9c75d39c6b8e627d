"""Reports: for coordinators, compliance across cities and cycles; for everyone, a city's
cycles and its report: opened pre-drafted, completed and submitted by the city, reviewed by a
coordinator. A submitted report shows what was submitted, and what changed since."""

import streamlit as st

from models.reporting import RAG_AREAS, RAGS
from screens import _ui as ui
from screens._reporting import compliance_view, view
from services.core import formats, permissions
from services.reporting import compliance, export, reports, settings

NARRATIVE = ("highlights", "blockers", "asks")

user = ui.page_user("report.read")
lang = ui.lang()
network = ui.network(user.network_id)
config = settings.get_settings(user.network_id)
today = reports.today()

st.title(ui.t("reports.title"))
ui.show_flash()

cities = ui.user_cities(user)
by_id = {c.id: c for c in cities}
state_labels = {s: ui.t(f"compliance.state.{s}") for s in compliance.STATES}


def show_city() -> None:
    if not by_id:
        ui.empty("reports.no_cycle")
        return
    wanted = st.query_params.get("city")  # a reminder's link opens that city and cycle
    city_id = st.selectbox(
        ui.t("reports.city"),
        list(by_id),
        index=list(by_id).index(wanted) if wanted in by_id else 0,
        format_func=lambda cid: by_id[cid].name,
        key="reports.city",
    )
    city = by_id[city_id]
    found = reports.city_cycles(user, city.id, today)
    if not found:
        ui.empty("reports.no_cycle")
        return
    opened = {r.cycle_key: r for r in reports.list_reports(user, city.id)}
    keys = [c.key for c in reversed(found)]
    cycle_by_key = {c.key: c for c in found}

    def cycle_label(key: str) -> str:
        cycle, report = cycle_by_key[key], opened.get(key)
        state = compliance.state(report, report.due if report else cycle.due, today)
        return f"{formats.cycle(key, lang)} · {state_labels[state]}"

    wanted_cycle = st.query_params.get("cycle")
    key = st.selectbox(
        ui.t("reports.cycle"),
        keys,
        index=keys.index(wanted_cycle) if wanted_cycle in keys else 0,
        format_func=cycle_label,
        key="reports.cycle",
    )
    cycle = cycle_by_key[key]
    st.caption(
        ui.t(
            "reports.period",
            cycle=formats.cycle(key, lang),
            start=formats.date(cycle.start, lang),
            end=formats.date(cycle.end, lang),
            due=formats.date(cycle.due, lang),
        )
    )
    report = opened.get(key)
    can_edit = permissions.allowed(user, "report.edit", city.id)
    if report is None:
        st.info(ui.t("reports.not_opened"), icon=":material/info:")
        if can_edit and st.button(
            ui.t("reports.open"), key="reports.open", type="primary", icon=":material/edit_note:"
        ):
            ui.write(
                lambda: reports.open_report(user, city.id, key, today),
                success=ui.t("reports.opened"),
            )
        return
    show_report(report.id, city, can_edit)


def show_report(report_id: str, city, can_edit: bool) -> None:
    shown = reports.report_view(user, report_id, today)
    report = shown.report
    st.subheader(ui.t("reports.status", status=ui.t(f"reports.status.{report.status}")))
    if report.submitted_at is not None:
        st.caption(
            ui.t(
                "reports.submitted_by",
                date=formats.date(report.submitted_at, lang),
                who=report.submitted_by_name or report.submitted_by,
            )
        )
    view.changes(shown.changes, network)

    if can_edit and report.status in reports.EDITABLE:
        edit_form(report)
    else:
        view.narrative(report)

    with st.expander(ui.t("reports.data"), expanded=True):
        view.content(shown.content, network, config, key=f"reports.content.{report.id}")

    if report.comments:
        st.subheader(ui.t("reports.comments"))
        for comment in report.comments:
            with st.container(border=True):
                st.caption(
                    ui.t(
                        "reports.comment_line",
                        date=formats.date(comment.at, lang),
                        who=comment.by_name or comment.by,
                        decision=ui.t(f"reports.review.{comment.decision}"),
                    )
                )
                if comment.text:
                    st.text(comment.text)

    if permissions.allowed(user, "report.review", city.id) and report.status != "draft":
        review_form(report)

    blocks = export.outline(report, shown.content, city.name, network, config, lang)
    st.caption(ui.t("reports.export"))
    columns = st.columns(len(export.FORMATS))
    for column, (fmt, (mime, _ext)) in zip(columns, export.FORMATS.items(), strict=True):
        column.download_button(
            fmt.upper(),
            data=lambda fmt=fmt: export.render(fmt, blocks, lang),
            file_name=export.file_name(city.name, report.cycle_key, fmt, lang),
            mime=mime,
            on_click="ignore",
            key=f"reports.export.{fmt}",
        )


def edit_form(report) -> None:
    st.caption(ui.t("reports.opened"))
    rag_options = [None, *RAGS]
    # One submission per form shown (a double click on Submit submits once); the fields start
    # from the stored report, so a confirmed save redraws them from what was saved.
    form = ui.form_state(f"reports.edit.{report.id}", keys="reports")
    with st.form(f"reports.form.{report.id}", border=True):
        st.markdown(f"**{ui.t('reports.narrative')}**")
        for name in ("highlights", "blockers", "asks"):
            st.text_area(
                ui.t(f"field.{name}"),
                value=getattr(report.narrative, name),
                height=80,
                key=form.key(f"narrative.{name}"),
            )
        st.markdown(f"**{ui.t('reports.rag')}**")
        columns = st.columns(len(RAG_AREAS))
        for column, area in zip(columns, RAG_AREAS, strict=True):
            column.selectbox(
                ui.t(f"reports.rag.{area}"),
                rag_options,
                index=rag_options.index(getattr(report.rag, area)),
                format_func=lambda v: ui.t(f"reports.rag.{v or 'none'}"),
                key=form.key(f"rag.{area}"),
            )
        left, right = st.columns(2)
        save = left.form_submit_button(ui.t("reports.save"), key=form.key("save"), width="stretch")
        submit = right.form_submit_button(
            ui.t("reports.submit"), key=form.key("submit"), type="primary", width="stretch"
        )
    if save or submit:
        state = st.session_state
        data = {
            "narrative": {
                n: state[form.key(f"narrative.{n}")] for n in ("highlights", "blockers", "asks")
            },
            "rag": {a: state[form.key(f"rag.{a}")] for a in RAG_AREAS},
        }
        if submit:
            ui.write(
                lambda: reports.submit_report(
                    user, report, data, today, submission=form.submission
                ),
                success=ui.t("reports.submitted"),
                form=form,
            )
        else:
            ui.write(
                lambda: reports.save_report(user, report, data, submission=form.submission),
                success=ui.t("reports.saved"),
                form=form,
            )


def review_form(report) -> None:
    decisions = ["comment", "accept", "return"] if report.status == "submitted" else ["comment"]
    form = ui.form_state(f"reports.review.{report.id}", keys="reports.review")
    with st.form(f"reports.review.{report.id}", border=True):
        st.markdown(f"**{ui.t('reports.review')}**")
        st.text_area(ui.t("reports.review.text"), key=form.key("text"), height=80)
        st.radio(
            ui.t("reports.review.decision"),
            decisions,
            format_func=lambda d: ui.t(f"reports.review.{d}"),
            horizontal=True,
            key=form.key("decision"),
        )
        sent = st.form_submit_button(
            ui.t("reports.review.save"), key=form.key("save"), type="primary"
        )
    if sent:
        data = {
            "text": st.session_state[form.key("text")],
            "decision": st.session_state[form.key("decision")],
        }
        ui.write(
            lambda: reports.review_report(user, report, data, submission=form.submission),
            success=ui.t("reports.review.saved"),
            form=form,
        )


if permissions.allowed(user, "compliance.read"):
    # A control that keeps its choice across reruns (tabs go back to the first after a save).
    shown = st.segmented_control(
        ui.t("reports.view"),
        ["compliance", "report"],
        default="compliance",
        format_func=lambda v: ui.t(f"reports.tab.{v}"),
        key="reports.view",
        label_visibility="collapsed",
    )
    if shown == "report":  # a statement: Streamlit's magic would write out an expression's None
        show_city()
    else:
        compliance_view.show_compliance(user, network, cities, today)
else:
    show_city()
