"""Small worlds for tests that need a few documents, not the demo network: a network, a city,
an account of a role, the programme's phases, a city moved to a stage, a plan, a coordination
session, a learning topic, a check-in, an experiment. Each is made through the services, as the
app makes it (so it stays valid when the models or the rules change), in the process's store
(the `db` fixture's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from models.city import City, CityFields
from models.coordination import CoordinationSession, FollowUpCreate, LearningTopic, SessionCreate
from models.experiment import Criterion, Experiment, ExperimentCreate
from models.network import Network
from models.plan import Plan
from models.reporting import Checkin, CheckinCreate
from models.user import User, UserCreate
from services.accounts import accounts
from services.core import collections, store
from services.experiments import experiments
from services.network import networks, progress, settings
from services.plans import plans
from services.reporting import checkins, coordination, learning

PASSWORD = "a long builder passphrase"


def network(name: str = "Test network") -> Network:
    """A stored network with the default method (stages, categories, plan template)."""
    return networks.create(networks.new_network(name))


def user(role: str, city_ids: list[str] | None = None, language: str = "en") -> User:
    """A stored, active account of `role` (of `city_ids` for the city-scoped roles) in the
    store's only network, with PASSWORD and nothing left to change."""
    number = store.get().count(collections.USERS) + 1
    data = UserCreate(
        username=f"{role.replace('_', '.')}.{number}",
        display_name=f"{role.replace('_', ' ').title()} {number}",
        role=role,
        language=language,
        city_ids=city_ids or [],
    )
    return accounts.create_user(None, data, PASSWORD, must_change=False)


def city(
    actor: User, name: str = "Praia", country: str = "Cabo Verde", language: str | None = None
) -> City:
    """A stored city of the actor's network (`actor` may create cities), at the first stage,
    in `language` (by default the actor's)."""
    return networks.create_city(actor, CityFields(name=name, country=country, language=language))


def timeline(actor: User, start: dt.date, *stages: str, days: int = 180) -> Network:
    """The network's programme phases saved (`actor` may edit the network): one phase of
    `days` days for each of `stages` (the stage expected by its end), one after the other."""
    phases = []
    for number, key in enumerate(stages, 1):
        end = start + dt.timedelta(days=days - 1)
        phases.append(
            {"name": f"Phase {number}", "start": start, "end": end, "expected_stage": key}
        )
        start = end + dt.timedelta(days=1)
    network = networks.get_network(actor.network_id)
    return settings.update_settings(actor, network, {"timeline": phases})


def stage(actor: User, city_id: str, key: str) -> City:
    """The city at the stage `key`, not completed, moved there as the network team moves it
    (`actor` may approve stages): approved stage by stage (forced where the gate is not met),
    or returned (which also reopens a completed last stage)."""
    moved = networks.get_city(actor, city_id)
    keys = [s.key for s in networks.get_network(moved.network_id).stages]
    while keys.index(moved.stage) < keys.index(key):
        moved = progress.approve_stage(actor, moved, force=True, note="set up by a test")
    if keys.index(moved.stage) > keys.index(key) or moved.completed is not None:
        moved = progress.return_to_stage(actor, moved, key, "set up by a test")
    return moved


def plan(actor: User, city_id: str, scope: str = "strategy", **sections: Any) -> Plan:
    """The city's new plan of `scope`, each of `sections` (key -> content: a section model, or
    a dict with its `kind`) saved by `actor` as the plan page saves it. The city must have no
    plan yet."""
    made = plans.create_plan(actor, city_id, scope)
    for key, content in sections.items():
        made = plans.save_section(actor, made, key, content)
    return made


def session(
    actor: User,
    day: dt.date,
    title: str = "Quarterly session",
    followups: Iterable[FollowUpCreate | Mapping[str, Any]] = (),
) -> CoordinationSession:
    """A coordination session on `day` (`actor` runs sessions), with its `followups` added."""
    made = coordination.create_session(actor, SessionCreate(date=day, title=title))
    for followup in followups:
        made = coordination.add_followup(actor, made, followup)
    return made


def topic(
    actor: User,
    city_id: str,
    title: str,
    stage: str | None = None,
    voters: Iterable[User] = (),
) -> LearningTopic:
    """A learning topic for the stage `stage` (None: any), proposed by `actor` for the city
    and voted for by each of `voters` (for the same city)."""
    made = learning.propose_topic(actor, city_id, {"title": title, "stage": stage})
    for voter in voters:
        made = learning.vote_topic(voter, made.id, city_id)
    return made


def checkin(
    actor: User,
    city_id: str,
    day: dt.date,
    mood: int = 3,
    help_needed: str = "",
    blockers: Iterable[str] = (),
) -> Checkin:
    """A check-in of the city on `day` (today or earlier), as the check-in form records it."""
    data = CheckinCreate(date=day, mood=mood, help_needed=help_needed, blockers=list(blockers))
    return checkins.create_checkin(actor, city_id, data)


def experiment(
    actor: User,
    city_id: str,
    title: str,
    method_key: str | None = None,
    verdict: str | None = None,
    start: dt.date = dt.date(2020, 1, 6),
    end: dt.date = dt.date(2020, 3, 6),
) -> Experiment:
    """A test card of the city with a qualitative criterion: done with `verdict` when one is
    given (validated, invalidated, inconclusive), else in design."""
    data = ExperimentCreate(
        title=title,
        method_key=method_key,
        criterion=Criterion(kind="qualitative", text="people take part"),
        start=start,
        end=end,
        status="done" if verdict else "design",
        verdict=verdict,
    )
    return experiments.create_experiment(actor, city_id, data)
