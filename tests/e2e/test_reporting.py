"""In the browser: a city lead submits a pre-drafted report; the coordinator sees it in
compliance, comments and accepts it. Both demo accounts read French."""

from __future__ import annotations

import datetime as dt

from services.core import formats, i18n
from services.reporting import cycles
from tests.e2e import helpers

LEAD = "lead.dakar"  # city-0001, quarterly periods (no experiments yet)
COORDINATOR = "coordinator.demo"


def fr(key: str, **values) -> str:
    return i18n.t(key, "fr", **values)


def test_lead_submits_and_coordinator_accepts(server, browser):
    cycle = formats.cycle(cycles.quarter_key(dt.datetime.now(dt.UTC).date()), "fr")  # "T4 2026"

    lead_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = lead_context.new_page()
    page.set_default_timeout(20_000)
    helpers.logged_in(page, server, LEAD, "reports")
    helpers.assert_no_error(page)
    helpers.click(page, "reports.open")
    helpers.assert_no_error(page)
    page.get_by_text(fr("reports.data")).first.wait_for()
    helpers.fill(page, "reports.narrative.highlights", "Dix habitants ont rejoint le groupe")
    helpers.click(page, "reports.submit")
    helpers.assert_no_error(page)
    page.get_by_text(fr("reports.submitted")).wait_for()
    lead_context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(20_000)
    helpers.logged_in(page, server, COORDINATOR, "reports")
    helpers.assert_no_error(page)
    waiting = helpers.by_key(page, "reports.compliance.waiting")
    waiting.get_by_text(f"Dakar · {cycle} · {fr('compliance.state.submitted')}").wait_for()

    helpers.by_key(page, "reports.view").get_by_text(fr("reports.tab.report")).click()
    helpers.wait_idle(page)
    helpers.select_option(page, "reports.city", "Dakar")
    helpers.select_option(page, "reports.cycle", f"{cycle} · {fr('compliance.state.submitted')}")
    page.get_by_text("Dix habitants ont rejoint le groupe").wait_for()
    helpers.fill(page, "reports.review.text", "Clair et complet, merci")
    helpers.by_key(page, "reports.review.decision").get_by_text(fr("reports.review.accept")).click()
    helpers.click(page, "reports.review.save")
    helpers.assert_no_error(page)
    page.get_by_text(fr("reports.review.saved")).wait_for()
    status = fr("reports.status", status=fr("reports.status.accepted"))
    page.get_by_text(status).first.wait_for(state="attached")
    page.locator("[data-testid=stText]", has_text="Clair et complet, merci").wait_for()
    context.close()
