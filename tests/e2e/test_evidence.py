"""What works where in a real browser: from the dashboard, one click on the view shows, for a
method, every city that tested it with its outcome and evidence level (no picker)."""

from __future__ import annotations

from services.core import i18n
from tests.e2e import helpers

COORDINATOR = "coordinator.demo"  # the demo coordinator reads French
METHOD = "Page d'inscription"  # the demo's landing_page method, in French


def _part(city: str, status: str, level: int | None) -> str:
    shown = (
        i18n.t("dashboard.glance.level", "fr", level=level)
        if level
        else i18n.t("dashboard.glance.ungraded", "fr")
    )
    outcome = f"1 {i18n.t(f'outcome.{status}', 'fr').lower()}"
    return i18n.t("dashboard.glance.city", "fr", city=city, outcome=outcome, level=shown)


def test_a_coordinator_finds_who_tested_a_method_and_their_levels_in_one_click(server, page):
    helpers.logged_in(page, server, COORDINATOR, "dashboard")
    page.get_by_role("heading", name=i18n.t("dashboard.title", "fr")).wait_for()
    # The one click: the view "What works where".
    helpers.by_key(page, "dashboard.view").get_by_text(
        i18n.t("dashboard.section.methods", "fr")
    ).click()
    helpers.wait_idle(page, timeout=30_000)
    helpers.assert_no_error(page)
    block = helpers.by_key(page, "dashboard.glance.methods")
    block.wait_for()
    lines = [line for line in block.inner_text().splitlines() if line.startswith(f"{METHOD}:")]
    assert len(lines) == 1, block.inner_text()
    line = lines[0]
    assert _part("Ghent", "validated", 4) in line  # the original, held, confirmed
    assert _part("Tampere", "validated", 4) in line  # its replication
    assert _part("Lisbon", "in_progress", None) in line  # planned
    helpers.screenshot(page, "dashboard-what-works-where")
