"""Check-ins: a city's one-minute pulse, and the gentle reminder when it has gone quiet.

Any member of a city (its lead, its local action group) checks in for the city; coordinators
read every city's check-ins. The reminder is computed when read: the city has not checked in
for the network's set number of days.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from models.base import today
from models.city import City
from models.reporting import Checkin, CheckinCreate
from models.user import User
from services.core import collections, permissions, records, store
from services.core.errors import InvalidInput, PermissionDenied
from services.network import networks
from services.reporting import settings

CHECKINS = collections.CHECKINS
WORKSHOPS = collections.WORKSHOPS


def create_checkin(
    actor: User, city_id: str, data: CheckinCreate, submission: str | None = None
) -> Checkin:
    """Record a check-in for the city (its blockers among the network's tags in use, not the
    retired ones; not dated in the future). A repeated form `submission` (a double click on
    Send) records nothing more and returns the check-in the first one recorded."""
    city = networks.city_for(actor, "checkin.create", city_id)
    first = records.submitted(CHECKINS, Checkin, submission, city.network_id)
    if first is not None:
        return first
    data = CheckinCreate.model_validate(data)
    known = {t.key for t in settings.get_settings(city.network_id).active_tags()}
    for tag in data.blockers:
        if tag not in known:
            raise InvalidInput("blockers", "reporting.error.unknown_tag", tag=tag)
    if data.date > today():
        raise InvalidInput("date", "reporting.error.future_date")
    for answer in data.follow_through:  # the workshop asked about is one of this city's
        if not store.get().count(WORKSHOPS, {"_id": answer.workshop_id, "city_id": city.id}):
            raise InvalidInput("follow_through", "reporting.error.unknown_workshop")
    checkin = Checkin(
        network_id=city.network_id,
        city_id=city.id,
        author_name=actor.display_name,
        **data.model_dump(),
    )
    return records.insert(CHECKINS, checkin, actor, city_id=city.id, submission=submission)


def list_checkins(user: User, city_id: str, limit: int = 50) -> list[Checkin]:
    """The city's check-ins, newest first."""
    networks.city_for(user, "checkin.read", city_id)
    return records.find(
        CHECKINS, Checkin, {"city_id": city_id}, sort=[("date", -1), ("_id", -1)], limit=limit
    )


NETWORK_SHOWN = 100  # the network's newest check-ins a page lists (its CSV has them all)


def network_checkins(user: User, since: dt.date | None = None, limit: int = 0) -> list[Checkin]:
    """Every check-in the user may read in the network (since a date), newest first (the
    newest `limit` only, when given)."""
    if permissions.scope(user, "checkin.read") is None:
        raise PermissionDenied(action="checkin.read")
    where: dict = {"network_id": user.network_id}
    visible = permissions.visible_city_ids(user, "checkin.read")
    if visible is not None:
        where["city_id"] = {"$in": sorted(visible)}
    if since is not None:
        where["date"] = {"$gte": dt.datetime(since.year, since.month, since.day, tzinfo=dt.UTC)}
    return records.find(CHECKINS, Checkin, where, sort=[("date", -1), ("_id", -1)], limit=limit)


def last_checkin_date(city_id: str) -> dt.date | None:
    found = store.get().find(
        CHECKINS, {"city_id": city_id}, projection={"date": 1}, sort=[("date", -1)], limit=1
    )
    return found[0]["date"].date() if found else None


@dataclass(frozen=True)
class Reminder:
    city_id: str
    last: dt.date | None
    days: int | None  # days since the last check-in (None: never)
    threshold: int


def checkin_reminder(city: City, on: dt.date | None = None) -> Reminder | None:
    """A reminder when the city has not checked in for the network's set number of days
    (or never has); None when it has checked in recently."""
    on = on or today()
    threshold = settings.get_settings(city.network_id).checkin_reminder_days
    last = last_checkin_date(city.id)
    days = (on - last).days if last else None
    if days is not None and days < threshold:
        return None
    return Reminder(city.id, last, days, threshold)


def blocker_counts(checkins: Iterable[Checkin]) -> list[tuple[str, int]]:
    """Blocker tags by how often they were named, most frequent first (then by key)."""
    counts = Counter(tag for c in checkins for tag in c.blockers)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def checkins_frame(checkins: Iterable[Checkin], city_names: dict[str, str]) -> pd.DataFrame:
    """One row per check-in: date, city, mood, what happened, blockers, help needed."""
    rows = [
        {
            "date": c.date,
            "city": city_names.get(c.city_id, c.city_id),
            "mood": c.mood,
            "happened": c.happened,
            "blockers": ", ".join(c.blockers),
            "blocker_note": c.blocker_note,
            "help_needed": c.help_needed,
            "by": c.author_name,
        }
        for c in checkins
    ]
    columns = ["date", "city", "mood", "happened", "blockers", "blocker_note", "help_needed", "by"]
    return pd.DataFrame(rows, columns=columns)
