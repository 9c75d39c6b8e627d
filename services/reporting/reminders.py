"""Reminders: what is due for a person today, in the app's sidebar and by e-mail.

What is due, computed when read: a city's missing check-in (the network's reminder days), a
report due, overdue or sent back (only to those who may write the city's reports, and only
for cycles the reporting calendar covers, the most recent first), an open follow-up of a
coordination session (one that concerns the person's city, or one the person owns, named by
display name or username). A person is told only about what they may see and act on (the role
table). Each item carries a link into the app.

By e-mail, when the network sets an SMTP server (config.mail_settings): all of a person's due
items in one plain-text message in their language, at most one a day. The guard is a document
in `reminders_sent`, unique by (user, day), inserted *before* sending: a second run, or a run
on another server at the same moment, finds it and sends nothing. A failed send deletes the
guard it inserted (by its id, so never another run's), and the person can be reminded later
that day. A run that dies between the guard and the send leaves the person unreminded that
day (at most one message, never two); the sidebar still shows everything.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from models.base import today, utcnow
from models.city import City
from models.coordination import FollowUp, ReminderSent
from models.user import User
from services.core import collections, config, formats, i18n, mail, permissions, store
from services.network import networks
from services.reporting import checkins, coordination, cycles, reports

SENT = collections.REMINDERS_SENT
# A follow-up is worth an e-mail from this many days before it is due (and while it is late).
FOLLOWUP_SOON_DAYS = 7


@dataclass(frozen=True)
class Due:
    """One thing due: a message key and its values (`due` is a date, formatted when shown),
    the app page that deals with it and that page's query (city, cycle)."""

    key: str
    values: dict[str, Any]
    page: str
    query: dict[str, str] = field(default_factory=dict)
    ref: str = ""  # what it is about (a follow-up's id), so nothing is listed twice

    def shown_values(self, lang: str) -> dict[str, Any]:
        """The values as the reader reads them (dates in their language's format)."""
        values = dict(self.values)
        if isinstance(values.get("due"), dt.date):
            values["due"] = formats.date(values["due"], lang)
        if "cycle" in values:
            values["cycle"] = formats.cycle(values["cycle"], lang)
        return values

    def text(self, lang: str) -> str:
        """The line, in `lang`, as plain text (an e-mail's)."""
        return i18n.t(self.key, lang, **self.shown_values(lang))

    def link(self, base_url: str) -> str:
        """The address of the page that deals with it (the login form first, when needed)."""
        query = f"?{urllib.parse.urlencode(self.query)}" if self.query else ""
        return f"{base_url.rstrip('/')}/{self.page}{query}"


def _followup(city_name: str, followup: FollowUp, page: str, query: dict[str, str]) -> Due:
    values = {"city": city_name, "text": followup.text, "due": followup.due}
    key = "reminder.followup" if city_name else "reminder.followup_network"
    return Due(key, values, page, query, ref=followup.id)


def _report_items(
    user: User, city: City, on: dt.date, terms: cycles.Terms
) -> list[tuple[dt.date, Due]]:
    """The city's reports the user is to act on, with their due dates: a report sent back
    (whatever its date), and a cycle the calendar covers that has ended without a report
    submitted (due, or overdue once its due date has passed)."""
    status = {r.cycle_key: r.status for r in reports.list_reports(user, city.id)}
    found = []
    for cycle in reports.city_cycles(user, city.id, on):
        if not terms.covers(cycle.start, cycle.end):
            continue  # before reporting started, or after the programme ended: never due
        filed = status.get(cycle.key)
        if filed == "returned":
            key = "reminder.report_returned"
        elif filed in ("submitted", "accepted") or cycle.end >= on:
            continue
        else:
            key = "reminder.report_overdue" if cycle.due < on else "reminder.report_due"
        values = {"city": city.name, "cycle": cycle.key, "due": cycle.due}
        query = {"city": city.id, "cycle": cycle.key}
        found.append((cycle.due, Due(key, values, "reports", query)))
    return found


def city_items(user: User, on: dt.date | None = None, soon_days: int | None = None) -> list[Due]:
    """What a city member (city lead, local action group) is reminded of for each of their
    cities: open follow-ups that concern the city (first; with `soon_days`, only those due
    within that many days or late), a missing check-in, then reports to submit, the most
    recent due first, for those who may write the city's reports (report.edit). Nothing for
    other roles (they are not a city's voice)."""
    on = on or today()
    if permissions.scope(user, "checkin.create") != permissions.OWN:
        return []
    followups: list[Due] = []
    found: list[Due] = []
    due_reports: list[tuple[dt.date, Due]] = []
    terms = cycles.network_terms(user.network_id)
    for city in networks.list_cities(user):
        if not permissions.allowed(user, "checkin.create", city.id):
            continue
        query = {"city": city.id}
        for followup in coordination.city_followups(user, city.id):
            if soon_days is None or followup.due <= on + dt.timedelta(days=soon_days):
                followups.append(_followup(city.name, followup, "progress", query))
        found += _collecting(city, on)
        reminder = checkins.checkin_reminder(city, on)
        if reminder is not None:
            key = "reminder.checkin_never" if reminder.days is None else "reminder.checkin_days"
            found.append(Due(key, {"city": city.name, "days": reminder.days}, "checkin", query))
        if permissions.allowed(user, "report.edit", city.id):
            due_reports += _report_items(user, city, on, terms)
    due_reports.sort(key=lambda pair: pair[0], reverse=True)  # stable: city order within a day
    return followups + found + [item for _, item in due_reports]


# A workshop collecting written input is announced to its city this many days before its
# deadline (the sidebar, and the day's e-mail where mail is configured).
COLLECT_SOON_DAYS = 2


def _collecting(city: City, on: dt.date) -> list[Due]:
    """The city's workshops collecting written input whose deadline is within
    COLLECT_SOON_DAYS of `on` and not passed (read here from the workshops collection: the
    workshops package sits above reporting)."""
    start = dt.datetime.combine(on, dt.time(), tzinfo=dt.UTC)
    now = max(utcnow(), start)
    docs = store.get().find(
        collections.WORKSHOPS,
        {"city_id": city.id, "status": "open", "phase": "collecting"},
    )
    found = []
    for doc in docs:
        until = doc.get("collect_until")
        if until is None:
            continue
        until = until if until.tzinfo else until.replace(tzinfo=dt.UTC)
        if now < until <= start + dt.timedelta(days=COLLECT_SOON_DAYS + 1):
            values = {"city": city.name, "title": doc["title"], "due": until.date()}
            found.append(
                Due(
                    "reminder.workshop_collecting",
                    values,
                    "workshop",
                    {"open": doc["_id"]},
                    ref=doc["_id"],
                )
            )
    return found


def _names_of(user: User) -> set[str]:
    return {n.casefold() for n in (user.display_name, user.username) if n}


def owned_followups(user: User, on: dt.date | None = None, soon_days: int = 0) -> list[Due]:
    """The open follow-ups whose owner names the user (display name or username, any case),
    due within `soon_days` days or late, that the user may read: a city's where they may see
    its follow-ups, the network's where they may read coordination sessions."""
    on = on or today()
    names = _names_of(user)
    city_names: dict[str, str] | None = None
    found: list[Due] = []
    for _session, followup in coordination.open_followups(user.network_id):
        if followup.owner.strip().casefold() not in names:
            continue
        if followup.due > on + dt.timedelta(days=soon_days):
            continue
        if followup.city_id is None:
            if permissions.allowed(user, "coordination.read"):
                found.append(_followup("", followup, "coordination", {}))
            continue
        if not permissions.allowed(user, "followup.read", followup.city_id):
            continue
        if city_names is None:
            city_names = {c.id: c.name for c in networks.list_cities(user)}
        if followup.city_id in city_names:
            page = "coordination" if permissions.allowed(user, "coordination.read") else "progress"
            query = {} if page == "coordination" else {"city": followup.city_id}
            found.append(_followup(city_names[followup.city_id], followup, page, query))
    return found


def due_items(user: User, on: dt.date | None = None) -> list[Due]:
    """Everything a person is e-mailed about today: their cities' items (follow-ups only when
    due within FOLLOWUP_SOON_DAYS or late) and the follow-ups they own. Empty for an inactive
    account."""
    if not user.active:
        return []
    on = on or today()
    items = city_items(user, on, soon_days=FOLLOWUP_SOON_DAYS)
    listed = {i.ref for i in items if i.ref}
    owned = owned_followups(user, on, soon_days=FOLLOWUP_SOON_DAYS)
    return [i for i in owned if i.ref not in listed] + items


# --- the e-mail --------------------------------------------------------------------------------


def compose(
    user: User, items: Iterable[Due], sender: str, base_url: str, on: dt.date
) -> EmailMessage:
    """The day's message to `user`: plain text in their language, one line and one link per
    item. What people typed (a follow-up's text, a name) is only ever body text."""
    lang = i18n.normalise(user.language)
    day = formats.date(on, lang)
    lines = [i18n.t("reminder.mail.greeting", lang, name=user.display_name), ""]
    lines += [i18n.t("reminder.mail.intro", lang, date=day), ""]
    for item in items:
        lines += [f"- {item.text(lang)}", f"  {item.link(base_url)}", ""]
    lines += ["-- ", i18n.t("reminder.mail.footer", lang, url=base_url)]
    message = EmailMessage()
    message["Subject"] = i18n.t("reminder.mail.subject", lang, date=day)
    message["From"] = sender
    message["To"] = user.email or ""
    message["Date"] = email.utils.format_datetime(utcnow())
    domain = email.utils.parseaddr(sender)[1].rpartition("@")[2]
    message["Message-ID"] = email.utils.make_msgid(domain=domain or None)
    # Automated: auto-replies (holidays) should not answer it (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    message.set_content("\n".join(lines))
    message["Content-Language"] = lang  # after set_content, which sets the Content-* headers
    return message


@dataclass
class Outcome:
    """What a run did: messages sent, people already reminded today (skipped), sends that
    failed (those people are not marked), people with nothing due; `off` without SMTP."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0
    nothing_due: int = 0
    off: bool = False
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Status:
    """What the settings page may show: on or off, and the host (never the password)."""

    on: bool
    host: str | None = None
    problem: str | None = None


def mail_status(settings: config.Mail | None = None) -> Status:
    """Whether e-mail reminders are on, through which host; or why the settings are unusable."""
    try:
        settings = settings or config.mail_settings()
    except config.BadSetting as exc:
        return Status(False, problem=str(exc))
    if settings.smtp is None:
        return Status(False)
    return Status(True, host=settings.smtp.host)


def recipients() -> list[User]:
    """Every active account with an e-mail address, in a stable order."""
    docs = store.get().find(collections.USERS, {"active": True}, sort=[("_id", 1)])
    users = [User.from_doc(d) for d in docs]
    return [u for u in users if u.email]


def _claim(user: User, on: dt.date, items: list[Due], actor: User | None) -> str | None:
    """Insert today's guard for `user`; its id, or None when one exists (already reminded)."""
    guard = ReminderSent(
        network_id=user.network_id,
        user_id=user.id,
        day=on,
        items=[f"{i.key}:{i.query.get('city', '')}:{i.ref}"[:200] for i in items][:50],
        created_by=actor.id if actor else "system",
    )
    try:
        store.get().insert_one(SENT, guard.to_doc())
    except store.DuplicateKey:
        return None
    return guard.id


def send_reminders(
    actor: User | None, on: dt.date | None = None, settings: config.Mail | None = None
) -> Outcome:
    """E-mail each active person with an address what is due for them today: one message per
    person and day at most (see the module's docstring). `actor` None is the server (the
    command line); an account needs `reminder.send`. Without SMTP settings, sends nothing and
    says so (`off`). One failed send does not stop the others."""
    if actor is not None:
        permissions.require(actor, "reminder.send")
    settings = settings or config.mail_settings()
    outcome = Outcome()
    if settings.smtp is None:
        outcome.off = True
        return outcome
    on = on or today()
    with mail.Mailer(settings.smtp) as mailer:
        for user in recipients():
            if actor is not None and user.network_id != actor.network_id:
                continue
            if store.get().find_one(SENT, {"user_id": user.id, "day": _midnight(on)}):
                outcome.skipped += 1  # the cheap check; the guard below is the safe one
                continue
            try:
                items = due_items(user, on)
            except Exception as exc:  # one person's data must not stop the others
                outcome.failed += 1
                outcome.errors.append(f"{user.username}: {type(exc).__name__}: {exc}")
                continue
            if not items:
                outcome.nothing_due += 1
                continue
            guard_id = _claim(user, on, items, actor)
            if guard_id is None:
                outcome.skipped += 1
                continue
            try:
                mailer.send(compose(user, items, settings.smtp.sender, settings.base_url, on))
            except Exception as exc:  # not sent: unmark, so a later run may remind them
                store.get().delete_one(SENT, {"_id": guard_id})
                outcome.failed += 1
                reason = str(exc) if isinstance(exc, mail.MailFailed) else type(exc).__name__
                outcome.errors.append(f"{user.username}: {reason}")
                continue
            outcome.sent += 1
    return outcome


def _midnight(day: dt.date) -> dt.datetime:
    """A date as stored (BSON has no date type: UTC midnight)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
