"""Results as CSV: export, and import of the same format with a preview and per-row errors.

Columns: experiment_id, experiment_title, date (YYYY-MM-DD), value, unit, note, entry_id.
A file saved by a spreadsheet in another language is read too: `;` or tab separators (found
by csv.Sniffer), decimal commas ("12,5", "1 234,5"), dd/mm/yyyy dates, and UTF-8 (with or
without a BOM), UTF-16 (with its BOM) or Windows-1252 text (French Excel's "CSV").
A row without `entry_id` is a new entry; a row with one is that entry, unchanged or corrected
(a correction keeps the previous value in the entry's history). `experiment_title` is for
people and is not imported. Row numbers are the file's line numbers (the header is row 1).

Nothing is written while any row is invalid, unless the user explicitly imports only the
valid rows. The import is row by row (MongoDB without transactions): a conflict part-way
stops it, and what was written before stays written and logged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

import pydantic

from models.experiment import Experiment, ResultFields, unit_range
from models.user import User
from services.core import i18n, permissions, records
from services.core.errors import InvalidInput, NotFound
from services.experiments import experiments
from services.transfer import cells

COLUMNS: tuple[str, ...] = (
    "experiment_id",
    "experiment_title",
    "date",
    "value",
    "unit",
    "note",
    "entry_id",
)
NEW, CHANGED, UNCHANGED, INVALID = "new", "changed", "unchanged", "invalid"
ROWS_MAX = 5_000
FIELD_MAX = 128 * 1024  # characters in one cell: the csv module's own limit, named
SEPARATORS = ",;\t"
# How a message shows the separator it found (the same in every language).
SEPARATOR_NAMES = {",": "«,»", ";": "«;»", "\t": "«Tab»"}
# A pydantic error type without a message in the catalogue is shown as "is not valid",
# never as its key.
_GENERIC_ERROR = "validation.invalid"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


def export_rows(items: list[Experiment]) -> list[dict[str, str]]:
    """One row per result entry, in the import format."""
    rows = []
    for experiment in items:
        for entry in sorted(experiment.results, key=lambda e: (e.date, e.recorded_at)):
            rows.append(
                {
                    "experiment_id": experiment.id,
                    "experiment_title": experiment.title,
                    "date": entry.date.isoformat(),
                    "value": _number(entry.value),
                    "unit": entry.unit,
                    "note": entry.note,
                    "entry_id": entry.id,
                }
            )
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    """The rows as CSV text; cells a spreadsheet would run as formulas are quoted (cells.safe)."""
    return cells.csv_text(COLUMNS, rows)


def export_city(user: User, city_id: str) -> str:
    """The city's results as CSV text (experiment.read)."""
    return to_csv(export_rows(experiments.list_experiments(user, city_id)))


def template_rows(items: list[Experiment]) -> list[dict[str, str]]:
    """One empty row per experiment, ids and titles filled in: a file to fill in."""
    return [
        {
            "experiment_id": e.id,
            "experiment_title": e.title,
            "date": "",
            "value": "",
            "unit": e.unit or "",
            "note": "",
            "entry_id": "",
        }
        for e in items
    ]


def template(user: User) -> str:
    """CSV text listing every experiment the user may record results for now (running, in
    the user's cities), one empty row each, in the import format. The export lists only
    experiments that already have entries: this is how a lead finds the other ids."""
    return to_csv(template_rows(experiments.recordable_experiments(user)))


# --- import ------------------------------------------------------------------------------------


@dataclass
class RowError:
    field: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Row:
    row: int
    cells: dict[str, str]
    state: str = INVALID
    errors: list[RowError] = field(default_factory=list)
    data: ResultFields | None = None


@dataclass
class Preview:
    """Every row checked: its state (new / changed / unchanged / invalid) and its errors."""

    rows: list[Row]
    experiments: dict[str, Experiment] = field(default_factory=dict)
    file_errors: list[RowError] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def valid(self) -> bool:
        return not self.file_errors and self.count(INVALID) == 0

    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in (NEW, CHANGED, UNCHANGED, INVALID)}


def _validation_errors(exc: pydantic.ValidationError) -> list[RowError]:
    found = []
    for error in exc.errors():
        name = str(error["loc"][-1]) if error["loc"] else "value"
        ctx = {
            k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, (int, float, str))
        }
        key = f"validation.{error['type']}"
        if not i18n.has(key):  # never show a raw key: a type we have no words for yet
            key, ctx = _GENERIC_ERROR, {}
        found.append(RowError(name, key, ctx))
    return found


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T].*)?$")
_ISO_WITH_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(?::\d{2})?$")


def date_text(text: str) -> str:
    """A date as written in the file, as ISO text: dd/mm/yyyy (also with dots or dashes, as
    French and most European spreadsheets write it; a time after it is dropped) or
    yyyy-mm-dd. Anything else is returned as it was, for the model to refuse."""
    text = text.strip()
    found = _DAY_FIRST.match(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return text
    found = _ISO_WITH_TIME.match(text)
    return found.group(1) if found else text


def number_text(text: str) -> str:
    """A number as written in the file, in Python's notation: "12,5" and "1 234,5" (French),
    "1.234,5" (German) and "1,234.5" (English) all read; the last of `.` and `,` is the
    decimal mark when both appear. Anything else is returned for the model to refuse."""
    text = re.sub(r"[\s\u00a0\u202f']", "", text)
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "")
    return text.replace(",", ".")


def _experiment(user: User, experiment_id: str, cache: dict) -> Experiment | None:
    if experiment_id not in cache:
        try:
            found = records.get(experiments.EXPERIMENTS, Experiment, experiment_id)
        except NotFound:
            found = None
        if found is not None and (
            found.network_id != user.network_id
            or not permissions.allowed(user, "experiment.result.record", found.city_id)
        ):
            found = None
        cache[experiment_id] = found
    return cache[experiment_id]


def _check_row(user: User, row: Row, cache: dict, seen: set[tuple[str, str]]) -> None:
    given = row.cells
    experiment = _experiment(user, given["experiment_id"], cache)
    if experiment is None:
        row.errors.append(RowError("experiment_id", "csv.error.experiment"))
        return
    entry = None
    entry_id = given["entry_id"]
    if entry_id:
        found = experiment.entry(entry_id)
        if found is None:
            row.errors.append(RowError("entry_id", "csv.error.entry"))
        elif (experiment.id, entry_id) in seen:
            row.errors.append(RowError("entry_id", "csv.error.duplicate"))
        else:
            seen.add((experiment.id, entry_id))
            entry = found[1]
    value_text = number_text(given["value"]) if given["value"] else ""
    raw: dict[str, Any] = {
        "date": date_text(given["date"]),
        "value": value_text or None,
        "note": given["note"],
        "unit": given["unit"].strip() or None,
        "observation": entry.observation if entry is not None else "",
    }
    if not value_text and entry is None:
        row.errors.append(RowError("value", "csv.error.value_required"))
    if entry is None and experiment.status != experiments.RECORDABLE_STATUS:
        row.errors.append(RowError("experiment_id", "csv.error.not_running"))
    if entry is not None and experiment.status in experiments.CLOSED_STATUSES:
        row.errors.append(RowError("entry_id", "csv.error.closed"))
    try:
        data = ResultFields.model_validate(raw)
    except pydantic.ValidationError as exc:
        row.errors.extend(_validation_errors(exc))
        data = None
    if row.errors or data is None:
        return
    unit = (
        (entry.unit if entry is not None else experiment.unit) if data.unit is None else data.unit
    )
    bounds = unit_range(unit)
    if data.value is not None and bounds is not None and not bounds[0] <= data.value <= bounds[1]:
        # What recording it would refuse, said in the preview rather than when applying.
        low, high = (f"{b:g}" for b in bounds)
        ctx = {"low": low, "high": high, "unit": unit}
        row.errors.append(RowError("value", "experiments.error.out_of_range", ctx))
        return
    row.data = data
    if entry is None:
        row.state = NEW
        return
    same = (
        entry.date == data.date
        and entry.value == data.value
        and entry.note == data.note
        and entry.unit == (entry.unit if data.unit is None else data.unit)
    )
    row.state = UNCHANGED if same else CHANGED


def decode(data: bytes) -> str | None:
    """The file's text: UTF-16 or UTF-8 by their BOM, else UTF-8, else Windows-1252 (what
    French Excel writes as "CSV"); UTF-16 without a BOM is recognised by its zero bytes.
    None when it is none of these."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif data[:200].count(b"\x00") > len(data[:200]) // 4:
        encodings = ["utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def separator(text: str) -> str:
    """The separator of the file (comma, semicolon or tab), found from its first lines."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max(SEPARATORS, key=first.count) if any(c in first for c in SEPARATORS) else ","


def _file_error(key: str, **params: Any) -> Preview:
    return Preview([], file_errors=[RowError("file", key, params)])


def preview(user: User, text: str | bytes) -> Preview:
    """Parse and check every row; nothing is written."""
    if isinstance(text, bytes):
        decoded = decode(text)
        if decoded is None:
            return _file_error("csv.error.encoding")
        text = decoded
    text = text.lstrip("\ufeff")
    sep = separator(text)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        fieldnames = reader.fieldnames
    except csv.Error:
        return _file_error("csv.error.field_too_large", kb=FIELD_MAX // 1024, row=1)
    header = [h.strip() for h in (fieldnames or [])]
    if sorted(header) != sorted(COLUMNS):
        return Preview(
            [],
            file_errors=[
                RowError(
                    "header",
                    "csv.error.header",
                    {"columns": sep.join(COLUMNS), "separator": SEPARATOR_NAMES[sep]},
                )
            ],
        )
    reader.fieldnames = header
    cache: dict[str, Experiment | None] = {}
    seen: set[tuple[str, str]] = set()
    rows: list[Row] = []
    number = 1
    while True:
        try:
            found = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a cell over the limit, or a broken quote
            key = (
                "csv.error.field_too_large" if "field limit" in str(exc) else "csv.error.malformed"
            )
            return Preview(
                rows,
                file_errors=[
                    RowError("file", key, {"kb": FIELD_MAX // 1024, "row": reader.line_num})
                ],
            )
        number += 1
        if len(rows) >= ROWS_MAX:
            return Preview(
                rows,
                file_errors=[RowError("file", "validation.too_long", {"max_length": ROWS_MAX})],
            )
        clean = {k: cells.unquote(found.get(k) or "") for k in COLUMNS}
        if not any(v.strip() for v in clean.values()):
            continue  # a blank line
        row = Row(number, clean)
        _check_row(user, row, cache, seen)
        rows.append(row)
    return Preview(rows, {k: v for k, v in cache.items() if v is not None})


def error_lines(result: Preview, lang: str = "en") -> list[str]:
    """Every error as one translated line: "Row 3, value: must be a number"."""
    lines = []
    for error in result.file_errors:
        detail = i18n.t(error.key, lang, **error.params)
        lines.append(i18n.t("csv.row_error", lang, row=1, field=error.field, detail=detail))
    for row in result.rows:
        for error in row.errors:
            detail = i18n.t(error.key, lang, **error.params)
            lines.append(
                i18n.t("csv.row_error", lang, row=row.row, field=error.field, detail=detail)
            )
    return lines


def apply(actor: User, result: Preview, only_valid: bool = False) -> dict[str, int]:
    """Write the new and changed rows. Refused (InvalidInput) while any row is invalid,
    unless `only_valid`, the user's explicit choice to import only the valid rows.

    A new row for an experiment that is no longer running when it is written, or a changed
    row for one done or stopped by then, is skipped and marked invalid with its reason
    (`error_lines` shows it), as the record page would refuse it: the stored status decides.
    """
    if result.file_errors:
        raise InvalidInput("file", "csv.blocked")
    if not result.valid and not only_valid:
        raise InvalidInput("file", "csv.blocked")
    written = {NEW: 0, CHANGED: 0}
    status: dict[str, str] = {}
    for row in result.rows:
        if row.state not in (NEW, CHANGED) or row.data is None:
            continue
        experiment = result.experiments[row.cells["experiment_id"]]
        # As stored now, not as previewed: the experiment may have been closed meanwhile.
        if experiment.id not in status:
            status[experiment.id] = records.get(
                experiments.EXPERIMENTS, Experiment, experiment.id
            ).status
        if row.state == NEW and status[experiment.id] != experiments.RECORDABLE_STATUS:
            row.state = INVALID
            row.errors.append(RowError("experiment_id", "csv.error.not_running"))
            continue
        if row.state == CHANGED and status[experiment.id] in experiments.CLOSED_STATUSES:
            row.state = INVALID
            row.errors.append(RowError("entry_id", "csv.error.closed"))
            continue
        if row.state == NEW:
            experiments.record_result(actor, experiment.id, row.data)
        else:
            experiments.correct_result(actor, experiment, row.cells["entry_id"], row.data)
        written[row.state] += 1
    return written
