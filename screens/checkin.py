"""Check-in: a one-minute pulse from a phone (mood, what happened, blockers, help needed);
below, the city's recent check-ins, and for coordinators every city's."""

import datetime as dt

import streamlit as st

from models.reporting import CheckinCreate
from screens import _ui as ui
from services.core import permissions
from services.reporting import checkins, settings
from services.transfer import listening_csv
from services.workshops import trail

user = ui.page_user("checkin.read")
lang = ui.lang()

st.title(ui.t("checkin.title"))
ui.show_flash()

cities = ui.city_choices(user)  # names only: the page reads no city whole
if not cities:
    ui.empty("checkin.no_city")
    st.stop()
by_id = {c.id: c for c in cities}
if len(by_id) == 1:  # one city: named, not a greyed-out picker (unreadable, and no choice)
    city_id = next(iter(by_id))
    st.subheader(ui.md(by_id[city_id].name))
else:
    wanted = st.query_params.get("city")  # a reminder's link opens that city
    city_id = st.selectbox(
        ui.t("checkin.city"),
        list(by_id),
        index=list(by_id).index(wanted) if wanted in by_id else 0,
        format_func=lambda cid: by_id[cid].name,
        key="checkin.city",
    )
city = by_id[city_id]
config = settings.get_settings(user.network_id)
tags = {t.key: t.label.get(lang) for t in config.active_tags()}  # retired ones: not offered

if permissions.allowed(user, "checkin.create", city.id):
    st.text(ui.t_plain("checkin.intro", city=city.name))

    form = ui.form_state("checkin")
    # Actions the city's workshops decided, not answered since: "what happened with …?"
    questions = (
        trail.checkin_questions(user, city.id)
        if permissions.allowed(user, "workshop.read", city.id)
        else []
    )

    def save(form: ui.FormState) -> None:
        """Form callback: one check-in per submission of the form (a double click on Send
        gets the first one's answer); the form is cleared once the check-in is stored."""
        state = st.session_state
        ui.write(
            lambda: checkins.create_checkin(
                user,
                city.id,
                CheckinCreate(
                    date=state[form.key("date")],
                    mood=state[form.key("mood")],
                    happened=state.get(form.key("happened"), ""),
                    blockers=state.get(form.key("blockers")) or [],
                    blocker_note=state.get(form.key("blocker_note"), ""),
                    help_needed=state.get(form.key("help"), ""),
                    follow_through=trail.answers(
                        questions,
                        {
                            q.item_id: state.get(form.key(f"follow.{q.item_id}"), "")
                            for q in questions
                        },
                    ),
                ),
                submission=form.submission,
            ),
            success=ui.t("checkin.saved"),
            form=form,
        )

    with st.form("checkin.form", border=True):
        st.segmented_control(
            ui.t("checkin.mood"),
            [1, 2, 3, 4, 5],
            default=3,
            format_func=lambda m: ui.t(f"checkin.mood.{m}"),
            key=form.key("mood"),
        )
        st.text_area(ui.t("checkin.happened"), key=form.key("happened"), height=90)
        # On a phone, blockers, help and date fold away so that Send is above the fold.
        with st.expander(ui.t("checkin.details"), expanded=not ui.on_phone()):
            # Pills, not a multiselect: no "Select all" entry (one slip on a phone ticked all).
            st.pills(
                ui.t("checkin.blockers"),
                list(tags),
                selection_mode="multi",
                format_func=tags.get,
                key=form.key("blockers"),
            )
            st.text_input(ui.t("checkin.blocker_note"), key=form.key("blocker_note"))
            st.text_input(ui.t("checkin.help"), key=form.key("help"))
            if questions:
                st.markdown(f"**{ui.t('checkin.follow_through')}**")
            for q in questions:
                st.text_input(
                    ui.t("checkin.follow_question", title=q.label, workshop=q.workshop_title),
                    key=form.key(f"follow.{q.item_id}"),
                    max_chars=500,
                )
            st.date_input(
                ui.t("checkin.date"),
                value=checkins.today(),
                format=ui.date_format(),
                key=form.key("date"),
            )
        st.form_submit_button(
            ui.t("checkin.save"),
            type="primary",
            icon=":material/send:",
            width="stretch",
            on_click=save,
            args=(form,),
            key=form.key("save"),
        )
else:
    st.caption(ui.t("checkin.read_only"))

columns = {c: ui.t(f"column.{c}") for c in checkins.checkins_frame([], {}).columns}
names = {c.id: c.name for c in cities}
file_name = ui.t_plain("listening_csv.file.checkins")

st.subheader(ui.t("checkin.recent"))
recent = checkins.list_checkins(user, city.id, limit=12)
if not recent:
    ui.empty("checkin.none")
else:
    frame = checkins.checkins_frame(recent, names)
    frame["blockers"] = [", ".join(config.tag_label(k, lang) for k in c.blockers) for c in recent]
    ui.table(ui.readable(frame).rename(columns=columns), hide_index=True, width="stretch")
    ui.csv_download(
        ui.t("listening_csv.checkins_city"),
        lambda: listening_csv.checkins_csv(user, lang, city.id),
        f"{file_name}-{city.id}.csv",
        "checkin.csv.city",
    )

if permissions.scope(user, "checkin.read") == permissions.ALL:
    st.subheader(ui.t("checkin.network"))
    since = checkins.today() - dt.timedelta(days=90)
    # The newest (one more read tells whether there are more): a network of 1,000 cities
    # writes thousands in 90 days; the CSV below has every one.
    shown = checkins.NETWORK_SHOWN
    pulses = checkins.network_checkins(user, since=since, limit=shown + 1)
    if len(pulses) > shown:
        pulses = pulses[:shown]
        st.caption(ui.t("checkin.network_shown", shown=shown))
    frame = checkins.checkins_frame(pulses, names)
    frame["blockers"] = [", ".join(config.tag_label(k, lang) for k in c.blockers) for c in pulses]
    ui.table(ui.readable(frame).rename(columns=columns), hide_index=True, width="stretch")
    ui.csv_download(
        ui.t("listening_csv.checkins_all"),
        lambda: listening_csv.checkins_csv(user, lang),
        f"{file_name}.csv",
        "checkin.csv.all",
    )
