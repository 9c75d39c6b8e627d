"""CSV exports of the listening data: check-ins, report compliance per cycle and city, the
coordination follow-ups, and the learning backlog with its votes and ratings.

These files are for people, opened in a spreadsheet (unlike the results CSV, which is also an
import format): columns are labelled in the reader's language, dates written for it ("20 juin
2026"), blockers by their labels (a retired blocker's too, see reporting/settings.py), states
and statuses in words. Every cell goes through `cells.safe`, so no typed text reaches a
spreadsheet as a formula. Each export reads through the services that check the reader's
permission and holds only what the reader may read: a city's members get their cities' rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from models.base import today as utc_today
from models.coordination import CoordinationSession
from models.reporting import Checkin
from models.user import User
from services.core import collections, formats, i18n, permissions, records
from services.core.errors import PermissionDenied
from services.network import networks
from services.reporting import checkins, compliance, coordination, learning, settings
from services.transfer import cells

CHECKIN_COLUMNS = (
    "date",
    "city",
    "mood",
    "happened",
    "blockers",
    "blocker_note",
    "help_needed",
    "by",
)
COMPLIANCE_COLUMNS = ("cycle", "city", "start", "end", "due", "state", "submitted_at")
FOLLOWUP_COLUMNS = ("session", "session_date", "text", "owner", "due", "status", "city")
BACKLOG_COLUMNS = (
    "title",
    "description",
    "stage",
    "status",
    "proposed_by",
    "votes",
    "ratings",
    "mean_rating",
)
# The message that labels each column.
HEADERS = {
    "date": "column.date",
    "city": "column.city",
    "mood": "column.mood",
    "happened": "column.happened",
    "blockers": "column.blockers",
    "blocker_note": "column.blocker_note",
    "help_needed": "column.help_needed",
    "by": "column.by",
    "cycle": "column.cycle",
    "start": "column.start",
    "end": "column.end",
    "due": "column.due",
    "state": "column.state",
    "submitted_at": "column.submitted_at",
    "session": "coordination.session",
    "session_date": "listening_csv.session_date",
    "text": "coordination.column.text",
    "owner": "coordination.column.owner",
    "status": "column.status",
    "title": "column.title",
    "description": "listening_csv.description",
    "stage": "column.stage",
    "proposed_by": "listening_csv.proposed_by",
    "votes": "listening_csv.votes",
    "ratings": "listening_csv.ratings",
    "mean_rating": "listening_csv.mean_rating",
}


def labelled_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]], lang: str) -> str:
    """CSV text with headers in `lang` (one per column name), every cell through cells.safe."""
    headers = [i18n.t(HEADERS[c], lang) for c in columns]
    return cells.csv_text(
        headers, ({h: row.get(c) for h, c in zip(headers, columns, strict=True)} for row in rows)
    )


def _date(value: dt.date | dt.datetime | None, lang: str) -> str:
    return formats.date(value, lang) if value is not None else ""


def _city_names(user: User) -> dict[str, str]:
    return {c.id: c.name for c in networks.list_cities(user)}


# --- check-ins ---------------------------------------------------------------------------------


def checkin_rows(found: Iterable[Checkin], names: Mapping[str, str], lang: str, labels) -> list:
    """One row per check-in, as people read it (`labels`: the network's blocker labels)."""
    return [
        {
            "date": _date(c.date, lang),
            "city": names.get(c.city_id, ""),
            "mood": c.mood,
            "happened": c.happened,
            "blockers": ", ".join(labels(k, lang) for k in c.blockers),
            "blocker_note": c.blocker_note,
            "help_needed": c.help_needed,
            "by": c.author_name,
        }
        for c in found
    ]


def checkins_csv(user: User, lang: str, city_id: str | None = None) -> str:
    """The check-ins of one city (`city_id`), or of every city the user may read, newest
    first (checkin.read: a city's members get their cities only)."""
    if city_id is not None:
        found = checkins.list_checkins(user, city_id, limit=0)
    else:
        found = checkins.network_checkins(user)
    config = settings.get_settings(user.network_id)
    rows = checkin_rows(found, _city_names(user), lang, config.tag_label)
    return labelled_csv(CHECKIN_COLUMNS, rows, lang)


# --- report compliance -------------------------------------------------------------------------


def compliance_csv(user: User, lang: str, today: dt.date | None = None) -> str:
    """Per cycle and city, the report's state (accepted, submitted, late, returned, missing,
    open), oldest cycle first, for the cities whose reports the user may read (report.read)."""
    if permissions.scope(user, "report.read") is None:
        raise PermissionDenied(action="report.read")
    visible = permissions.visible_city_ids(user, "report.read")
    cities = [c for c in networks.list_cities(user) if visible is None or c.id in visible]
    network = networks.get_network(user.network_id)
    frame = compliance.compliance_frame(network, cities, today or utc_today())
    rows = [
        {
            "cycle": formats.cycle(row["cycle"], lang),
            "city": row["city"],
            "start": _date(row["start"], lang),
            "end": _date(row["end"], lang),
            "due": _date(row["due"], lang),
            "state": i18n.t(f"compliance.state.{row['state']}", lang),
            "submitted_at": _date(_timestamp(row["submitted_at"]), lang),
        }
        for row in frame.to_dict("records")
    ]
    return labelled_csv(COMPLIANCE_COLUMNS, rows, lang)


def _timestamp(value: Any) -> dt.datetime | None:
    # pandas turns a column of datetimes (with gaps) into Timestamps and NaT.
    if value is None or value != value:
        return None
    return value.to_pydatetime() if hasattr(value, "to_pydatetime") else value


# --- coordination follow-ups -------------------------------------------------------------------


def _followup_sessions(user: User) -> tuple[list[CoordinationSession], set[str] | None]:
    """The sessions whose follow-ups the user may read, and the cities they are limited to
    (None: every follow-up, the network team's and the funder's view)."""
    if permissions.allowed(user, "coordination.read"):
        return coordination.list_sessions(user), None
    if permissions.scope(user, "followup.read") is None:
        raise PermissionDenied(action="followup.read")
    visible = permissions.visible_city_ids(user, "followup.read") or set()
    where = {"network_id": user.network_id, "followups.city_id": {"$in": sorted(visible)}}
    found = records.find(
        collections.COORDINATION_SESSIONS, CoordinationSession, where, sort=[("date", -1)]
    )
    return found, visible


def followups_csv(user: User, lang: str) -> str:
    """Every follow-up of the coordination sessions, open ones first, then by due date: all of
    them for those who read the sessions (coordination.read), else only those concerning the
    user's cities (followup.read)."""
    sessions, only = _followup_sessions(user)
    dates = {s.id: s.date for s in sessions}
    frame = coordination.followups_frame(sessions, _city_names(user))
    rows = [
        {
            "session": row["session"],
            "session_date": _date(dates[row["session_id"]], lang),
            "text": row["text"],
            "owner": row["owner"],
            "due": _date(row["due"], lang),
            "status": i18n.t(f"followup.{row['status']}", lang),
            "city": row["city"],
        }
        for row in frame.to_dict("records")
        if only is None or row["city_id"] in only
    ]
    return labelled_csv(FOLLOWUP_COLUMNS, rows, lang)


# --- the learning backlog ----------------------------------------------------------------------


def backlog_csv(user: User, lang: str) -> str:
    """The learning backlog, most voted first: each topic with its stage, status, the city that
    proposed it (when the user may see that city), votes, and how useful the cities that
    attended found it (ratings, mean score 1-5). learning.read."""
    topics = learning.list_topics(user)
    ratings = {
        r["subject_id"]: r
        for r in learning.ratings_frame(user).to_dict("records")
        if r["subject"] == "topic"
    }
    network = networks.get_network(user.network_id)
    stages = {s.key: s.label.get(lang) for s in network.stages}
    names = _city_names(user)
    rows = []
    for topic in topics:
        rated = ratings.get(topic.id)
        rows.append(
            {
                "title": topic.title,
                "description": topic.description,
                "stage": stages.get(topic.stage, "") if topic.stage else "",
                "status": i18n.t(f"backlog.status.{topic.status}", lang),
                "proposed_by": names.get(topic.city_id, "")
                if topic.city_id
                else i18n.t("listening_csv.network_team", lang),
                "votes": topic.votes,
                "ratings": int(rated["ratings"]) if rated else 0,
                "mean_rating": formats.number(rated["mean"], lang, 1) if rated else "",
            }
        )
    return labelled_csv(BACKLOG_COLUMNS, rows, lang)
