"""Reports: for coordinators, compliance across cities and cycles; for everyone, a city's
cycles and its report: opened pre-drafted, completed and submitted by the city, reviewed by a
coordinator. A submitted report shows what was submitted, and what changed since."""

import streamlit as st

from models.reporting import RAG_AREAS, RAGS
from pages import _ui as ui
from pages._reporting import summary, view
from services.core import formats, permissions
from services.reporting import charts as reporting_charts
from services.reporting import compliance, export, reports, settings
from services.transfer import listening_csv

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


def show_compliance() -> None:
    frame = compliance.compliance_frame(network, cities, today)
    if frame.empty:
        ui.empty("reports.compliance.none")
        return
    titles = {
        "cycle": ui.t("column.cycle"),
        "count": ui.t("compliance.count"),
        "state": ui.t("column.state"),
    }
    counts = frame["state"].value_counts()
    description = ui.t_plain(
        "chart.desc.compliance",
        cities=frame["city_id"].nunique(),
        cycles=frame["cycle"].nunique(),
        missing=int(counts.get("missing", 0)),
        late=int(counts.get("late", 0)),
    )
    table = frame.assign(
        state=frame["state"].map(state_labels),
        cycle=frame["cycle"].map(lambda key: formats.cycle(key, lang)),
    )[["cycle", "city", "state"]]
    ui.chart(
        reporting_charts.compliance_chart(frame, state_labels, titles, description, lang),
        table.rename(
            columns={
                "cycle": titles["cycle"],
                "city": ui.t("column.city"),
                "state": titles["state"],
            }
        ),
        key="reports.compliance.chart",
    )
    ui.csv_download(
        ui.t("listening_csv.compliance"),
        lambda: listening_csv.compliance_csv(user, lang, today),
        f"{ui.t_plain('listening_csv.file.compliance')}.csv",
        "reports.compliance.csv",
    )
    summary.downloads(user, frame, today)
    waiting = frame[frame["state"].isin(["submitted", "late"])]
    if not waiting.empty:
        st.subheader(ui.t("reports.compliance.to_review"))
        with st.container(key="reports.compliance.waiting"):
            for row in waiting.itertuples():
                st.text(
                    f"{row.city} · {formats.cycle(row.cycle, lang)} · {state_labels[row.state]}"
                )
    shown = frame.assign(
        state=frame["state"].map(state_labels),
        cycle=frame["cycle"].map(lambda key: formats.cycle(key, lang)),
    ).drop(columns=["city_id", "report_id"])
    ui.table(
        ui.readable(shown.iloc[::-1]).rename(columns=lambda c: ui.t(f"column.{c}")),
        hide_index=True,
        width="stretch",
        key="reports.compliance.table",
    )


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
    view.changes(shown.changes)

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
    with st.form(f"reports.form.{report.id}", border=True):
        st.markdown(f"**{ui.t('reports.narrative')}**")
        for name in ("highlights", "blockers", "asks"):
            st.text_area(
                ui.t(f"field.{name}"),
                value=getattr(report.narrative, name),
                height=80,
                key=f"reports.narrative.{name}",
            )
        st.markdown(f"**{ui.t('reports.rag')}**")
        columns = st.columns(len(RAG_AREAS))
        for column, area in zip(columns, RAG_AREAS, strict=True):
            column.selectbox(
                ui.t(f"reports.rag.{area}"),
                rag_options,
                index=rag_options.index(getattr(report.rag, area)),
                format_func=lambda v: ui.t(f"reports.rag.{v or 'none'}"),
                key=f"reports.rag.{area}",
            )
        left, right = st.columns(2)
        save = left.form_submit_button(ui.t("reports.save"), key="reports.save", width="stretch")
        submit = right.form_submit_button(
            ui.t("reports.submit"), key="reports.submit", type="primary", width="stretch"
        )
    if save or submit:
        state = st.session_state
        data = {
            "narrative": {
                n: state[f"reports.narrative.{n}"] for n in ("highlights", "blockers", "asks")
            },
            "rag": {a: state[f"reports.rag.{a}"] for a in RAG_AREAS},
        }
        if submit:
            ui.write(
                lambda: reports.submit_report(user, report, data, today),
                success=ui.t("reports.submitted"),
            )
        else:
            ui.write(lambda: reports.save_report(user, report, data), success=ui.t("reports.saved"))


def review_form(report) -> None:
    decisions = ["comment", "accept", "return"] if report.status == "submitted" else ["comment"]
    with st.form(f"reports.review.{report.id}", border=True, clear_on_submit=False):
        st.markdown(f"**{ui.t('reports.review')}**")
        st.text_area(ui.t("reports.review.text"), key="reports.review.text", height=80)
        st.radio(
            ui.t("reports.review.decision"),
            decisions,
            format_func=lambda d: ui.t(f"reports.review.{d}"),
            horizontal=True,
            key="reports.review.decision",
        )
        sent = st.form_submit_button(
            ui.t("reports.review.save"), key="reports.review.save", type="primary"
        )
    if sent:
        data = {
            "text": st.session_state["reports.review.text"],
            "decision": st.session_state["reports.review.decision"],
        }
        ui.write(
            lambda: reports.review_report(user, report, data),
            success=ui.t("reports.review.saved"),
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
    show_city() if shown == "report" else show_compliance()
else:
    show_city()
