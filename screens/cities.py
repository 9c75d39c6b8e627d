"""Cities: the list with each city's stage; create a city; edit its details and team."""

import streamlit as st

from models.city import CityFields, Team
from screens import _ui as ui
from services.core import formats, i18n, permissions
from services.network import networks

# A page may run without app.py's login gate (Streamlit's first run reads screens/).
user = ui.page_user("city.read")
network = ui.network(user.network_id)
lang = ui.lang()
cities = ui.user_cities(user)

st.title(ui.t("cities.title"))
ui.show_flash()


def cluster_options(current: str = "") -> list[str]:
    """The network's clusters (and the city's own, if it is no longer one of them)."""
    options = ["", *network.clusters]
    return options if current in options else [*options, current]


def country_picker(form: ui.FormState, current: str) -> str:
    """Countries by ISO code, named in the interface language; an older free-text country
    (not a known one) stays selectable as it was typed."""
    names = formats.countries(lang)
    code = formats.country_code(current) or current
    options = ["", *names] if code in names or not code else ["", code, *names]
    return st.selectbox(
        ui.t("field.country"),
        options,
        index=options.index(code),
        format_func=lambda c: names.get(c, c) or ui.t("cities.no_country"),
        key=form.key("country"),
    )


def city_form(form: ui.FormState, city=None) -> CityFields | None:
    """The city fields (keys from `form`, screens/_ui/forms.py); returns the input when the form
    is submitted (None otherwise)."""
    team = city.team if city else Team()
    left, right = st.columns(2)
    with left:
        name = st.text_input(ui.t("field.name"), city.name if city else "", key=form.key("name"))
        country = country_picker(form, city.country if city else "")
        options = cluster_options(city.cluster if city else "")
        cluster = st.selectbox(
            ui.t("field.cluster"),
            options,
            index=options.index(city.cluster if city else ""),
            format_func=lambda c: c or ui.t("cities.no_cluster"),
            key=form.key("cluster"),
        )
        challenge = st.text_area(
            ui.t("field.challenge"), city.challenge if city else "", key=form.key("challenge")
        )
    with right:
        leader = st.text_input(
            ui.t("field.project_leader"), team.project_leader, key=form.key("project_leader")
        )
        lag = st.text_input(
            ui.t("field.lag_coordinator"), team.lag_coordinator, key=form.key("lag_coordinator")
        )
        coach = st.text_input(ui.t("field.coach"), team.coach, key=form.key("coach"))
        languages = list(i18n.languages())
        current = (city.language if city else None) or user.language
        language = st.selectbox(
            ui.t("field.team_language"),
            languages,
            index=languages.index(current),
            format_func=i18n.language_name,
            help=ui.t("cities.team_language_help"),
            key=form.key("language"),
        )
    if not st.form_submit_button(ui.t("cities.save"), key=form.key("save")):
        return None
    ok, data = ui.attempt(
        lambda: CityFields(
            name=name,
            country=country,
            cluster=cluster,
            challenge=challenge,
            team=Team(project_leader=leader, lag_coordinator=lag, coach=coach),
            language=language,
        ),
        form=form,
    )
    return data if ok else None


frame = networks.cities_frame(network, cities, lang)
if frame.empty:
    ui.empty("cities.none")
else:
    ui.cities_table(frame)

if permissions.allowed(user, "city.create"):
    with (
        st.expander(ui.t("cities.create"), icon=":material/add_location:"),
        st.form("cities.create.form", clear_on_submit=False, enter_to_submit=False),
    ):
        form = ui.form_state("cities.create")
        data = city_form(form)
        if data is not None:
            ui.write(
                lambda: networks.create_city(user, data, submission=form.submission),
                success=ui.t("cities.created", name=data.name),
                form=form,
            )

editable = [c for c in cities if permissions.allowed(user, "city.edit", c.id)]
if editable:
    st.subheader(ui.t("cities.edit"))
    by_id = {c.id: c for c in editable}
    city_id = st.selectbox(
        ui.t("cities.pick"), list(by_id), format_func=lambda i: by_id[i].name, key="cities.pick"
    )
    city = by_id[city_id]
    with st.form(f"cities.edit.form.{city.id}", enter_to_submit=False):
        form = ui.form_state(f"cities.edit.{city.id}")
        data = city_form(form, city)
        if data is not None:
            ui.write(
                lambda: networks.update_city(user, city, data, submission=form.submission),
                success=ui.t("cities.saved", name=data.name),
                on_conflict=lambda exc: ui.show_conflict(exc, set(data.model_dump())),
                form=form,
            )
