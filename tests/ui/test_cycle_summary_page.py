"""The funder summary of a cycle on the reports page: a cycle picker and PDF and Word downloads
for those who see compliance (coordinators, administrators, the funder), none for a city's
members. Widgets found by key."""

from __future__ import annotations

import pytest

from services.core import formats
from tests.ui.conftest import has, open_page, problems

REPORTS = "screens/reports.py"
BUTTONS = ("reports.summary.pdf", "reports.summary.docx")


def download_keys(at) -> set[str]:
    return {b.key for b in at.get("download_button")}


@pytest.mark.parametrize("role", ["coordinator", "admin", "viewer"])
def test_those_who_see_compliance_get_the_summary_of_a_cycle(world, role):
    at = open_page(world[role].id, REPORTS)
    assert not problems(at)
    assert set(BUTTONS) <= download_keys(at)
    picker = at.selectbox(key="reports.summary.cycle")
    shown = formats.cycle(picker.value, "en")  # a cycle as people say it, not its key
    assert shown in picker.options and shown != picker.value
    other = next(i for i, o in enumerate(picker.options) if o != shown)
    picker.select_index(other).run()
    assert not problems(at)
    chosen = at.selectbox(key="reports.summary.cycle").value
    assert formats.cycle(chosen, "en") == picker.options[other]
    assert set(BUTTONS) <= download_keys(at)


@pytest.mark.parametrize("role", ["lag_member", "city_lead"])
def test_a_citys_members_get_no_summary(world, role):
    at = open_page(world[role].id, REPORTS)
    assert not problems(at)
    assert not set(BUTTONS) & download_keys(at)
    assert not has(at, "selectbox", "reports.summary.cycle")
