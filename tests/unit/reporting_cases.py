"""The write use cases of services/reporting, run by test_summary's every-write checks."""

from __future__ import annotations

from models.reporting import CheckinInput, ReviewInput
from services.reporting import checkins, cycles, reports, settings


def _latest(world, city_id: str = "city-0001"):
    return reports.city_cycles(world["admin"], city_id)[-1]


def _open(world):
    return reports.open_report(world["city_lead"], "city-0001", _latest(world).key)


def _submitted(world):
    return reports.submit_report(world["city_lead"], _open(world))


USE_CASES = {
    "services.reporting.checkins.create_checkin": lambda w: checkins.create_checkin(
        w["lag_member"], "city-0001", CheckinInput(date=checkins.today(), mood=4)
    ),
    "services.reporting.cycles.fix_cycle": lambda w: cycles.fix_cycle(
        w["admin"], "demo-network", _latest(w)
    ),
    "services.reporting.reports.open_report": _open,
    "services.reporting.reports.save_report": lambda w: reports.save_report(
        w["city_lead"], _open(w), {"narrative": {"highlights": "A good month"}}
    ),
    "services.reporting.reports.submit_report": _submitted,
    "services.reporting.reports.review_report": lambda w: reports.review_report(
        w["coordinator"], _submitted(w), ReviewInput(decision="accept")
    ),
    "services.reporting.settings.update_settings": lambda w: settings.update_settings(
        w["coordinator"], settings.get_settings("demo-network"), {"checkin_reminder_days": 21}
    ),
}
