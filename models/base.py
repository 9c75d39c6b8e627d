"""What every document shares, and the constrained field types user input goes through."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

# Limits, named so that messages and the README can quote them.
NAME_MAX = 120
SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 20_000


def utcnow() -> dt.datetime:
    """Now, in UTC, at the millisecond precision that BSON keeps (so round trips are exact)."""
    now = dt.datetime.now(dt.UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def today() -> dt.date:
    """Today's date in UTC: the day every service counts in (due dates, check-ins, results)."""
    return utcnow().date()


def new_id() -> str:
    return uuid.uuid4().hex


def as_utc(value: dt.datetime) -> dt.datetime:
    # mongomock and litemongo hand datetimes back naive: they were stored as UTC.
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def no_operator(value: str) -> str:
    """The one `$` guard: text never becomes a query operator, even if some code forgets to
    quote it."""
    if value.startswith("$"):
        raise PydanticCustomError("operator", "must not start with '$'")
    return value


def refuse_duplicates(values: list, error_type: str) -> None:
    """The one uniqueness rule of lists in input: a value listed twice is refused, named."""
    seen: set = set()
    for value in values:
        if value in seen:
            raise PydanticCustomError(error_type, "{value} appears twice", {"value": str(value)})
        seen.add(value)


# C0 control characters but tab and newline, DEL, and the two XML non-characters: pasted from
# Word (vertical tab) or a terminal (ESC), they break the DOCX export and mean nothing in text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Text without control characters (tab and newline kept; carriage returns become newlines)."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _clean(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


# What a one-line field (a name, a title, a city) must not hold: any control character (line
# breaks and tabs included), the Unicode line and paragraph separators, and the bidi embeddings,
# overrides and isolates that reverse the rest of a line where the text is shown.
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(value: Any) -> Any:
    """Refuse a one-line field's text holding a line break or another control character (a
    clear error, not a silent repair: what was typed is not what would be stored)."""
    if isinstance(value, str) and _NOT_ONE_LINE.search(value.strip()):
        raise PydanticCustomError(
            "one_line", "must be one line, without line breaks or control characters"
        )
    return value


UTCDateTime = Annotated[dt.datetime, AfterValidator(as_utc)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.@-]{1,64}$")]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
# Before-validators run last-listed first: `one_line` sees the text as it was typed.
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX),
    AfterValidator(no_operator),
    BeforeValidator(_clean),
    BeforeValidator(one_line),
]
# A short one-line text that may be empty: a person's name, a team role, an owner, a unit.
Line = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=SHORT_TEXT_MAX),
    AfterValidator(no_operator),
    BeforeValidator(_clean),
    BeforeValidator(one_line),
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=SHORT_TEXT_MAX),
    AfterValidator(no_operator),
    BeforeValidator(_clean),
]
# A required sentence: an assumption's belief (real ones run to 300 characters).
Statement = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=SHORT_TEXT_MAX),
    AfterValidator(no_operator),
    BeforeValidator(_clean),
]
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=LONG_TEXT_MAX),
    AfterValidator(no_operator),
    BeforeValidator(_clean),
]
Score = Annotated[int, Field(ge=1, le=5)]
# A language code (a catalogue's folder name under locales/: "en", "pt", "pt_MZ"); which ones are
# offered is the catalogues' business (services.core.i18n), not the model's.
LANG_CODE = r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})?$"
Lang = Annotated[str, StringConstraints(pattern=LANG_CODE)]


class Model(BaseModel):
    """Strict about shape: unknown keys (``$where`` included) are refused, text is stripped."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=True)


class Bilingual(Model):
    """A label in English and French (always), and in any other language it was given in
    (`{"en": ..., "fr": ..., "pt": ...}`); a language it lacks reads the English."""

    model_config = ConfigDict(extra="allow")

    en: Name
    fr: Name

    @model_validator(mode="after")
    def _other_languages(self) -> Bilingual:
        for code, text in (self.model_extra or {}).items():
            if not re.match(LANG_CODE, code) or not isinstance(text, str):
                raise PydanticCustomError("label_language", "not a language code")
            self.model_extra[code] = " ".join(text.split())
        return self

    def get(self, lang: str) -> str:
        if lang == "fr":
            return self.fr
        return (self.model_extra or {}).get(lang) or self.en


class Item(Model):
    """An element of a list in a document: its `id` stays the same across edits and versions."""

    id: Id = Field(default_factory=new_id)


def date_only(value: Any) -> Any:
    """A stored UTC-midnight datetime as its date (BSON has no date type); anything else as is."""
    return value.date() if isinstance(value, dt.datetime) else value


def end_not_before_start(error_type: str) -> Any:
    """A validator of the `end` field: refused as `error_type`, naming `end`, if before `start`.

    A field validator (not a model one) so that the error names `end`; `start` must be declared
    before `end`.
    """

    def check(end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise PydanticCustomError(error_type, "must not be before the start")
        return end

    return field_validator("end")(check)


class Document(Model):
    """A stored document. `id` is `_id` in the database and nowhere else."""

    id: Id = Field(default_factory=new_id, alias="_id")
    network_id: Id
    created_at: UTCDateTime = Field(default_factory=utcnow)
    created_by: Id = "system"
    updated_at: UTCDateTime = Field(default_factory=utcnow)
    updated_by: Id = "system"
    revision: int = Field(default=0, ge=0)
    # The `_id` of the activity line of the last write, set in that same write (so a write whose
    # line was lost, say by a crash between the two, can be found and repaired: `cli check`).
    # A document never written through records.py (older exports, the demo) has none: the
    # field is then left out rather than stored as null.
    last_activity: Id | None = Field(default=None, exclude_if=lambda value: value is None)
    # The id of the form submission that last wrote the document (screens/_ui/forms.py): the same
    # submission sent again (a double click) is recognised by it and returns this document,
    # whatever its values (services/core/records.py). Left out when none, so that the unique
    # sparse index on it skips the document.
    submission_id: Id | None = Field(default=None, exclude_if=lambda value: value is None)
    # Fields of this kind of document that only a derived-data writer sets (a city's summary):
    # like SYSTEM_FIELDS, never taken from an update (services/core/records.py).
    DERIVED_FIELDS: ClassVar[frozenset[str]] = frozenset()

    def to_doc(self) -> dict[str, Any]:
        """The document as stored (``_id`` key, dates as UTC midnight datetimes)."""
        return stored(self)

    @classmethod
    def from_doc(cls, doc: dict[str, Any]):
        return cls.model_validate(doc)


def stored(value: Any) -> Any:
    """Models, lists and dicts as BSON can hold them: BSON has datetimes but no plain dates."""
    if isinstance(value, BaseModel):
        value = value.model_dump(by_alias=True, mode="python")
    if isinstance(value, dict):
        return {k: stored(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [stored(v) for v in value]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return value


# Fields the store manages: never taken from user input.
SYSTEM_FIELDS = frozenset(
    {
        "_id",
        "id",
        "network_id",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "revision",
        "last_activity",
        "submission_id",
    }
)
