"""The agenda of a coordination session, proposed from the data since the last session:
cities needing attention (the dashboard's reasons), the blockers cities named most in their
check-ins, the help they asked for, the experiments concluded, and the learning topics cities
voted for that fit the stages they are at now.

Only what has happened by the day the agenda is drawn counts (a session is often set ahead:
an experiment due to end before it has not concluded yet).

Lines are plain text in the reader's language, with their source; the network team keeps,
edits or drops them before saving them into the session.
"""

from __future__ import annotations

import datetime as dt

from models.base import utcnow
from models.coordination import AgendaItem
from models.experiment import Experiment
from models.user import User
from services.core import collections, i18n, permissions, records
from services.dashboard import attention, panels, views
from services.network import progress
from services.reporting import checkins, coordination, drafting, learning, settings

LOOKBACK_DAYS = 92  # "since the last session" when there was none: about a quarter
TOP_BLOCKERS = 3
TOP_HELP = 5
TOP_ATTENTION = 5
TOP_EXPERIMENTS = 8


def since(network_id: str, on: dt.date) -> dt.date:
    """The day the agenda counts from: the last session before `on`, or a quarter back."""
    last = coordination.last_session_before(network_id, on)
    return last.date if last is not None else on - dt.timedelta(days=LOOKBACK_DAYS)


def proposed_agenda(user: User, on: dt.date, lang: str = "en") -> list[AgendaItem]:
    """The agenda lines the data proposes for a session on `on` (see the module)."""
    permissions.require(user, "coordination.edit")
    start = since(user.network_id, on)
    # A session is often set ahead: the data counts what has happened by today, not by then.
    until = min(on, utcnow().date())
    overview = views.load(user, until)
    names = {c.id: c.name for c in overview.cities}
    items: list[AgendaItem] = []

    def add(source: str, key: str, city_id: str | None = None, **values) -> None:
        items.append(
            AgendaItem(source=source, text=i18n.t(key, lang, **values)[:290], city_id=city_id)
        )

    ctx = panels.Context(overview.network, list(overview.cities), until, lang)
    flagged = attention.attention_frame(ctx)
    for row in flagged.head(TOP_ATTENTION).itertuples():
        add("attention", "agenda.attention", row.city_id, city=row.city, why=row.why)

    pulses = [
        c for c in checkins.network_checkins(user, since=start) if progress.held(c.date, until)
    ]
    config = settings.get_settings(user.network_id)
    for tag, count in checkins.blocker_counts(pulses)[:TOP_BLOCKERS]:
        cities = len({c.city_id for c in pulses if tag in c.blockers})
        add(
            "blockers",
            "agenda.blocker",
            blocker=config.tag_label(tag, lang),
            count=count,
            cities=cities,
        )
    asked = [c for c in pulses if c.help_needed]
    for c in asked[:TOP_HELP]:
        add(
            "help",
            "agenda.help",
            c.city_id,
            city=names.get(c.city_id, c.city_id),
            text=c.help_needed,
        )

    where = {"network_id": user.network_id, "city_id": {"$in": sorted(names)}}
    tests = records.find(collections.EXPERIMENTS, Experiment, where)
    concluded = sorted(
        (e for e in tests if drafting.concluded_in(e, start, until, until)), key=lambda e: e.end
    )
    for e in concluded[:TOP_EXPERIMENTS]:
        add(
            "experiments",
            "agenda.experiment",
            e.city_id,
            city=names.get(e.city_id, ""),
            title=e.title,
        )
    if len(concluded) > TOP_EXPERIMENTS:
        add("experiments", "agenda.experiments_more", count=len(concluded) - TOP_EXPERIMENTS)

    stages = {c.stage for c in overview.cities}
    for topic in learning.fitting_topics(learning.list_topics(user), stages):
        stage = overview.network.stage(topic.stage) if topic.stage else None
        add(
            "learning",
            "agenda.learning",
            title=topic.title,
            votes=topic.votes,
            stage=stage.label.get(lang) if stage else i18n.t("backlog.any_stage", lang),
        )
    return items
