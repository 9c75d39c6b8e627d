"""Bad input is refused by the models, with an error that names the field.

For every document type and its input shapes: a missing field, a too long one, a wrong type,
and strings or objects that look like query operators (`{"$gt": ""}`, `"$where"`, a
`$where` key) never make a valid document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pydantic
import pytest

from models import base
from models.city import City, CityFields
from models.network import Network
from models.user import User, UserCreate
from services.core import i18n
from services.network import networks

NOW = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
TOO_LONG_NAME = "x" * (base.NAME_MAX + 1)
TOO_LONG_TEXT = "x" * (base.SHORT_TEXT_MAX + 1)


def network_doc() -> dict[str, Any]:
    return networks.new_network("Test network", funder="A funder").to_doc()


def city_doc() -> dict[str, Any]:
    return City(
        network_id="net-1", name="Dakar", country="Sénégal", stage="problem_definition"
    ).to_doc()


def user_doc() -> dict[str, Any]:
    return User(network_id="net-1", username="ada.admin", display_name="Ada", role="admin").to_doc()


def city_input() -> dict[str, Any]:
    return {"name": "Dakar", "country": "Sénégal", "cluster": "Open data", "challenge": "Open"}


def user_create() -> dict[str, Any]:
    return {"username": "ada.admin", "display_name": "Ada", "role": "admin"}


SHAPES = {
    "Network": (Network, network_doc),
    "City": (City, city_doc),
    "User": (User, user_doc),
    "CityFields": (CityFields, city_input),
    "UserCreate": (UserCreate, user_create),
}

# (shape, required field) -> removing it must be refused, naming it.
REQUIRED = [
    ("Network", "name"),
    ("Network", "stages"),
    ("Network", "network_id"),
    ("City", "name"),
    ("City", "country"),
    ("City", "stage"),
    ("City", "network_id"),
    ("User", "username"),
    ("User", "display_name"),
    ("User", "role"),
    ("CityFields", "name"),
    ("CityFields", "country"),
    ("UserCreate", "username"),
    ("UserCreate", "display_name"),
    ("UserCreate", "role"),
]

# (shape, field, too long value)
TOO_LONG = [
    ("Network", "name", TOO_LONG_NAME),
    ("Network", "funder", TOO_LONG_TEXT),
    ("Network", "description", TOO_LONG_TEXT),
    ("City", "name", TOO_LONG_NAME),
    ("City", "country", TOO_LONG_NAME),
    ("City", "challenge", TOO_LONG_TEXT),
    ("City", "id", "x" * 65),
    ("User", "username", "x" * 65),
    ("User", "display_name", TOO_LONG_NAME),
    ("CityFields", "name", TOO_LONG_NAME),
    ("CityFields", "challenge", TOO_LONG_TEXT),
    ("UserCreate", "username", "x" * 65),
    ("UserCreate", "display_name", TOO_LONG_NAME),
]

# (shape, field, value of the wrong type)
WRONG_TYPE = [
    ("Network", "name", 42),
    ("Network", "stages", "problem_definition"),
    ("Network", "clusters", "Open data"),
    ("Network", "revision", "seven"),
    ("Network", "reporting_rhythm", "weekly"),
    ("City", "name", ["Dakar"]),
    ("City", "team", "Awa Ndiaye"),
    ("City", "stage_history", {"stage": "problem_definition"}),
    ("City", "created_at", "last tuesday"),
    ("User", "role", "superuser"),
    ("User", "city_ids", "city-0001"),
    ("User", "active", "maybe"),
    ("User", "language", "Deutsch"),
    ("CityFields", "country", 3.5),
    ("CityFields", "team", ["lead"]),
    ("UserCreate", "role", 1),
    ("UserCreate", "email", "not an email"),
]

# Text fields that reach the database: an operator object or a '$' string is refused.
OPERATOR_FIELDS = [
    ("Network", "name"),
    ("Network", "funder"),
    ("Network", "network_id"),
    ("City", "name"),
    ("City", "country"),
    ("City", "cluster"),
    ("City", "challenge"),
    ("City", "stage"),
    ("City", "id"),
    ("User", "username"),
    ("User", "display_name"),
    ("User", "role"),
    ("CityFields", "name"),
    ("CityFields", "country"),
    ("CityFields", "cluster"),
    ("CityFields", "challenge"),
    ("UserCreate", "username"),
    ("UserCreate", "display_name"),
]


def error_fields(shape: str, data: dict[str, Any]) -> list[str]:
    """The dotted locations of every validation error (empty: the data is valid)."""
    model, _ = SHAPES[shape]
    try:
        model.model_validate(data)
    except pydantic.ValidationError as exc:
        return [".".join(str(p) for p in error["loc"]) for error in exc.errors()]
    return []


def alias(shape: str, field: str) -> str:
    """`id` is `_id` in stored documents."""
    return "_id" if field == "id" and shape in ("Network", "City", "User") else field


def named(locations: list[str], field: str) -> bool:
    return any(loc == field or loc.startswith(f"{field}.") for loc in locations)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_valid_examples_are_valid(shape):
    _, example = SHAPES[shape]
    assert error_fields(shape, example()) == []


@pytest.mark.parametrize(("shape", "field"), REQUIRED)
def test_missing_field_is_named(shape, field):
    data = SHAPES[shape][1]()
    data.pop(field, None)
    assert named(error_fields(shape, data), field)


@pytest.mark.parametrize(("shape", "field", "value"), TOO_LONG)
def test_too_long_field_is_named(shape, field, value):
    data = {**SHAPES[shape][1](), alias(shape, field): value}
    assert named(error_fields(shape, data), alias(shape, field))


@pytest.mark.parametrize(("shape", "field", "value"), WRONG_TYPE)
def test_wrong_type_is_named(shape, field, value):
    data = {**SHAPES[shape][1](), field: value}
    assert named(error_fields(shape, data), field)


@pytest.mark.parametrize(("shape", "field"), OPERATOR_FIELDS)
@pytest.mark.parametrize("value", [{"$gt": ""}, {"$ne": None}, "$where", "$gt"])
def test_query_operator_as_value_is_refused(shape, field, value):
    data = {**SHAPES[shape][1](), alias(shape, field): value}
    assert named(error_fields(shape, data), alias(shape, field))


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("key", ["$where", "$set", "name.$"])
def test_query_operator_as_key_is_refused(shape, key):
    data = {**SHAPES[shape][1](), key: "function() { return true; }"}
    assert error_fields(shape, data) == [key]


def test_nested_operator_key_is_refused_and_located():
    data = city_doc()
    data["team"] = {"project_leader": "Awa", "$where": "1"}
    assert error_fields("City", data) == ["team.$where"]
    data = network_doc()
    data["stages"][0]["label"] = {"en": "$where", "fr": "Définition"}
    assert error_fields("Network", data) == ["stages.0.label.en"]


def test_text_is_stripped_and_dates_become_utc():
    city = City.model_validate(
        {**city_doc(), "name": "  Dakar  ", "created_at": dt.datetime(2026, 1, 15, 9)}
    )
    assert city.name == "Dakar"
    assert city.created_at == NOW
    assert city.created_at.tzinfo is not None


def test_the_stored_form_round_trips():
    for shape in ("Network", "City", "User"):
        model, example = SHAPES[shape]
        document = model.model_validate(example())
        assert model.model_validate(document.to_doc()) == document


def test_real_assumption_statements_fit_and_new_statuses_exist():
    from models import plan as pm
    from models.experiment import STATUSES, AssumptionCreate

    belief = "les commerçants du marché " * 12  # about 300 characters, as in real plans
    assert len(belief.strip()) > 250
    assert AssumptionCreate(belief=belief, category="people").belief == belief.strip()
    with pytest.raises(pydantic.ValidationError) as caught:
        AssumptionCreate(belief="x" * 501, category="people")
    assert caught.value.errors()[0]["loc"] == ("belief",)
    assert "stopped" in STATUSES
    assert "on_hold" in pm.ACTION_STATUSES and "gap" in pm.FUNDING_STATUSES


@pytest.mark.parametrize(
    "text",
    [
        "Dakar\nPlateau",
        "Dakar\r\nPlateau",
        "Dakar\tPlateau",
        "Da\x07kar",
        "Da\u2028kar",
        "\u202eevil",
    ],
)
@pytest.mark.parametrize(
    ("field", "where"),
    [
        ("name", ("name",)),
        ("cluster", ("cluster",)),
        ("project_leader", ("team", "project_leader")),
    ],
)
def test_one_line_fields_refuse_line_breaks_and_control_characters(text, field, where):
    data = {"name": "Dakar", "country": "Senegal", "team": {}}
    if len(where) == 1:
        data[field] = text
    else:
        data["team"][field] = text
    with pytest.raises(pydantic.ValidationError) as caught:
        CityFields.model_validate(data)
    (error,) = caught.value.errors()
    assert error["loc"] == where
    assert error["type"] == "one_line"


def test_one_line_message_is_translated_and_multi_line_text_keeps_its_lines():
    assert i18n.t("validation.one_line", "en") != i18n.t("validation.one_line", "fr")
    city = CityFields.model_validate(
        {"name": " Dakar ", "country": "Senegal", "challenge": "Two lines:\nhere and there"}
    )
    assert city.name == "Dakar"
    assert city.challenge == "Two lines:\nhere and there"
    # A display name is one line wherever it is held, the user's own included.
    with pytest.raises(pydantic.ValidationError):
        UserCreate.model_validate(
            {"username": "jane.doe", "display_name": "Jane\nDoe", "role": "viewer"}
        )
