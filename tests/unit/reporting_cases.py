"""The write use cases of services/reporting, run by test_summary's every-write checks."""

from __future__ import annotations

from models.reporting import CheckinCreate, ReviewCreate
from services.reporting import checkins, coordination, cycles, learning, reports, settings


def _latest(world, city_id: str = "city-0001"):
    return reports.city_cycles(world["admin"], city_id)[-1]


def _open(world):
    return reports.open_report(world["city_lead"], "city-0001", _latest(world).key)


def _submitted(world):
    return reports.submit_report(world["city_lead"], _open(world))


USE_CASES = {
    "services.reporting.checkins.create_checkin": lambda w: checkins.create_checkin(
        w["lag_member"], "city-0001", CheckinCreate(date=checkins.today(), mood=4)
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
        w["coordinator"], _submitted(w), ReviewCreate(decision="accept")
    ),
    "services.reporting.settings.update_settings": lambda w: settings.update_settings(
        w["coordinator"],
        settings.get_settings("demo-network"),
        {"checkin_reminder_days": 21, "report_grace_days": 3},  # every due date moves
    ),
}


# --- coordination and learning -------------------------------------------------------------------


def _session(world):
    return coordination.get_session(world["coordinator"], "demo-session-2")


USE_CASES.update(
    {
        "services.reporting.coordination.create_session": lambda w: coordination.create_session(
            w["coordinator"], {"date": checkins.today(), "title": "Q3 coordination"}
        ),
        "services.reporting.coordination.update_session": lambda w: coordination.update_session(
            w["coordinator"], _session(w), {"notes": "The funder joined."}
        ),
        "services.reporting.coordination.add_followup": lambda w: coordination.add_followup(
            w["coordinator"],
            _session(w),
            {
                "text": "Call back",
                "owner": "Nadia",
                "due": checkins.today(),
                "city_id": "city-0001",
            },
        ),
        "services.reporting.coordination.set_followup_status": lambda w: (
            coordination.set_followup_status(
                w["coordinator"], _session(w), "demo-followup-4", "done"
            )
        ),
        "services.reporting.learning.propose_topic": lambda w: learning.propose_topic(
            w["city_lead"], "city-0001", {"title": "Open data"}
        ),
        "services.reporting.learning.vote_topic": lambda w: learning.vote_topic(
            w["admin"], "demo-topic-6", "city-0001"
        ),
        "services.reporting.learning.unvote_topic": lambda w: (
            learning.vote_topic(w["admin"], "demo-topic-6", "city-0001"),
            learning.unvote_topic(w["admin"], "demo-topic-6", "city-0001"),
        ),
        "services.reporting.learning.set_topic_status": lambda w: learning.set_topic_status(
            w["coordinator"],
            learning._topic(w["coordinator"], "demo-topic-3"),
            "scheduled",
        ),
        "services.reporting.learning.rate": lambda w: learning.rate(
            w["city_lead"],
            "city-0001",
            {"subject": "session", "subject_id": "demo-session-2", "score": 4},
        ),
    }
)
