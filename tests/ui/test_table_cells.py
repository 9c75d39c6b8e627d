"""What Streamlit's own table toolbar copies or downloads ("Download as CSV") holds no formula.

Formula payloads go into every free-text field of the demo world; every page is rendered for
every role, and every table (st.dataframe and st.data_editor, all through ui.table/ui.editor)
must show each text cell as our CSVs write it: a cell a spreadsheet would run (starting with
= + - @, tab or carriage return, and not a plain number) carries the guard's quote.
"""

from __future__ import annotations

import pathlib
import re

import pandas as pd

from services.transfer import cells
from tests.ui.conftest import ROOT, app_pages, every_page, problems

PAGES = app_pages()
PAYLOADS = (
    '=HYPERLINK("http://evil.example";"tap")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)
# Free text people type, wherever it sits in a document (names, titles, notes, owners...).
TEXT_KEYS = {
    "name",
    "display_name",
    "title",
    "note",
    "text",
    "owner",
    "blocker_note",
    "help_needed",
    "challenge",
    "summary",
    "reason",
    "observation",
    "belief",
    "comment",
    "recorded_by_name",
    "by_name",
    "approved_by_name",
    "author_name",
    "project_leader",
    "headline",
    "what_happened",
}
COLLECTIONS = (
    "cities",
    "users",
    "checkins",
    "coordination_sessions",
    "experiments",
    "assumptions",
    "learnings",
    "plans",
    "plan_versions",
    "learning_topics",
)


# Codes that share a name with typed text: a city summary's reasons for attention are keys
# (services/dashboard/attention_facts.py), whose wording comes from the catalogues.
CODES_UNDER = {"attention": {"reason"}}


def _poisoned(value, counter, parent: str = ""):
    if isinstance(value, dict):
        out = {}
        codes = CODES_UNDER.get(parent, set())
        for key, item in value.items():
            if key in TEXT_KEYS and key not in codes and isinstance(item, str) and item:
                counter[0] += 1
                out[key] = PAYLOADS[counter[0] % len(PAYLOADS)]
            else:
                out[key] = _poisoned(item, counter, key)
        return out
    if isinstance(value, list):
        return [_poisoned(item, counter, parent) for item in value]
    return value


def poison(db) -> None:
    counter = [0]
    for coll in COLLECTIONS:
        for doc in db.find(coll, {}):
            changed = _poisoned({k: v for k, v in doc.items() if k != "_id"}, counter)
            db.update_one(coll, {"_id": doc["_id"]}, {"$set": changed})


def unsafe(value) -> bool:
    return isinstance(value, str) and cells.safe(value) != value and not value.startswith("'")


def frame_problems(frame: pd.DataFrame) -> list[str]:
    found = [f"header {c!r}" for c in frame.columns if unsafe(c)]
    for column in frame.columns:
        found.extend(f"{column}: {v!r}" for v in frame[column].astype(object) if unsafe(v))
    return found


def test_every_table_of_every_page_shows_formulas_quoted(db, world):
    poison(db)
    failures: list[str] = []
    quoted_on: set[str] = set()
    for role, path, at in every_page(world):
        if problems(at):
            failures.append(f"{role} {path}: {problems(at)}")
        for index, element in enumerate(at.dataframe):
            frame = element.value
            failures.extend(f"{role} {path} table {index}: {p}" for p in frame_problems(frame))
            text = frame.astype(str).to_numpy().ravel().tolist()
            if any(cell.startswith("'" + p[:4]) for cell in text for p in PAYLOADS):
                quoted_on.add(path)
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures[:40])
    # The test did look at tables holding the payloads (the cities, check-ins, accounts...).
    expected = {
        "screens/home.py",
        "screens/cities.py",
        "screens/checkin.py",
        "screens/admin.py",
        "screens/coordination.py",
        "screens/plan.py",
    }
    assert expected <= quoted_on, f"payload never seen quoted on {sorted(expected - quoted_on)}"


def test_no_page_draws_a_table_but_through_the_guarded_helpers():
    """st.dataframe and st.data_editor appear only in screens/_ui/tables.py (ui.table, editor)."""
    calls = re.compile(r"\bst\.(dataframe|data_editor)\(")
    found = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "screens").rglob("*.py"))
        if calls.search(path.read_text(encoding="utf-8"))
    ]
    assert found == [str(pathlib.Path("screens/_ui/tables.py"))]


def test_an_editor_reads_back_what_was_stored():
    """The guard's quote shown in an editable table is taken off again when it is read back."""
    from screens._ui import tables

    stored = pd.DataFrame(
        {"title": [*PAYLOADS, "plain", "'quoted", None], "n": [-3, 1, 2, 3, 4, 5, 6]}
    )
    shown = tables.guarded(stored)
    assert not frame_problems(shown)
    assert shown["n"].tolist() == stored["n"].tolist()  # numbers stay numbers
    back = tables._guard_cells(tables._guard_cells(stored, cells.safe), cells.unquote)
    assert back["title"].tolist() == stored["title"].tolist()
