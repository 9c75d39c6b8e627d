"""The README's role table is the role table the services enforce (it cannot drift).

Regenerate it with `python -m tests.unit.test_readme` and paste between the markers.
"""

from __future__ import annotations

import pathlib
import re

from models.user import ROLES
from services.core import i18n, permissions

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- roles:start -->", "<!-- roles:end -->"
MARKS = {permissions.ALL: "all cities", permissions.OWN: "own cities", "": "—"}


def role_table_markdown() -> str:
    """permissions.role_table() as a Markdown table, with the English labels."""
    header = ["Action"] + [i18n.t(f"role.{role}", "en") for role in ROLES]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in permissions.role_table():
        label = f"{i18n.t('action.' + row['action'], 'en')} (`{row['action']}`)"
        lines.append("| " + " | ".join([label] + [MARKS[row[r]] for r in ROLES]) + " |")
    return "\n".join(lines)


def test_readme_role_table_matches_the_matrix():
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text, "README.md lost its role table markers"
    table = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert table == role_table_markdown(), (
        "README role table is out of date; regenerate with `python -m tests.unit.test_readme`"
    )


def test_readme_starts_with_the_two_commands():
    lines = README.read_text(encoding="utf-8").splitlines()
    commands = [line for line in lines[:20] if line.startswith("python3 -m venv .venv")]
    assert len(commands) == 2
    assert commands[0].endswith("streamlit run app.py")
    assert "python -m pytest" in commands[1] and "ruff format --check ." in commands[1]
    # .ci/run takes the test command from the line after this marker and the code fence.
    marker = lines.index("<!-- test-command -->")
    assert lines[marker + 1].startswith("```")
    assert lines[marker + 2] == commands[1]


if __name__ == "__main__":
    print(role_table_markdown())


def test_readme_first_screen_says_what_a_newcomer_needs():
    first_screen = README.read_text(encoding="utf-8").split("\n## ", 1)[0]
    for needed in (
        "Python 3.11 or newer",
        "http://localhost:8501",
        "first visit creates the administrator",
        "Chromium",
        "`.ci/run` installs it",
    ):
        assert needed in first_screen, needed


def test_the_test_command_runs_every_tier():
    """The command names the tiers it runs (the ones without a browser in two processes, the
    browser tier alone): a new folder of tests must be named there too, or CI skips it."""
    lines = README.read_text(encoding="utf-8").splitlines()
    command = lines[lines.index("<!-- test-command -->") + 2]
    named = set(re.findall(r"\btests/(\w+)", command))
    tiers = {
        folder.name
        for folder in (README.parent / "tests").iterdir()
        if folder.is_dir() and any(folder.glob("test_*.py"))
    }
    assert tiers == named, f"tiers {sorted(tiers)}, named in the command {sorted(named)}"
    assert command.count("python -m pytest") == 2  # one run per kind of tier
