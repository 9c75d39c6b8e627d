"""Demo coordination and learning: two past coordination sessions with the funding body (their
agenda, notes, decisions and follow-ups: every follow-up of the first one done, one of the
second still open and concerning the first city, so its pages show it), a learning backlog
voted by the cities' members (one topic held and rated), and ratings of the first session.

Deterministic: fixed texts, votes spread by the city's position.
"""

from __future__ import annotations

import datetime as dt

from models.coordination import (
    AgendaItem,
    CoordinationSession,
    FollowUp,
    LearningTopic,
    TopicVote,
    UsefulnessRating,
)
from services.core import collections
from services.demo import context as demo

COORDINATOR = "demo-coordinator"
FUNDER = "Fondation Horizons Urbains"

# (title, description, index of the stage it serves or None, proposing city position)
TOPICS: tuple[tuple[str, str, int | None, int], ...] = (
    ("Designing a cheap first test", "How other cities tested a risky assumption in a month", 3, 1),
    ("Keeping the local group engaged", "Meetings people come back to", 1, 2),
    (
        "Writing a problem tree with residents",
        "Causes and effects, with the people concerned",
        0,
        3,
    ),
    ("Costing actions and finding funds", "From an idea to a costed, funded action", 2, 4),
    ("Reading results honestly", "When is a result good enough to decide?", 3, 5),
    ("Talking to the press about a pilot", "", None, 6),
)
HELD = 1  # the topic held as a learning event (rated by cities)


def _at(ctx: demo.DemoContext, days_ago: int) -> dt.datetime:
    return ctx.day(days_ago).replace(hour=10, minute=0, second=0, microsecond=0)


def _sessions(ctx: demo.DemoContext) -> list[CoordinationSession]:
    first, second = ctx.cities[0], ctx.cities[min(1, len(ctx.cities) - 1)]
    today = ctx.anchor.date()
    old, recent = _at(ctx, 170), _at(ctx, 45)
    people = ["Nadia Ben Salah", FUNDER, "Network team"]
    sessions = [
        CoordinationSession(
            id="demo-session-1",
            network_id=ctx.network.id,
            date=old.date(),
            title="Quarterly coordination with the funder (Q1)",
            participants=people,
            agenda=[
                AgendaItem(
                    source="blockers", text="Common blocker: staff time, named by most cities"
                ),
                AgendaItem(
                    source="learning",
                    text="Learning topic voted by cities: keeping the group engaged",
                ),
            ],
            notes="Cities report steady progress; staff time is the blocker most named.",
            decisions=["Run a peer exchange on keeping local groups engaged"],
            followups=[
                FollowUp(
                    id="demo-followup-1",
                    text="Organise the peer exchange on local groups",
                    owner="Nadia Ben Salah",
                    due=old.date() + dt.timedelta(days=30),
                    status="done",
                ),
                FollowUp(
                    id="demo-followup-2",
                    text=f"Call {second.name} about its stalled stage",
                    owner="Nadia Ben Salah",
                    due=old.date() + dt.timedelta(days=14),
                    status="done",
                    city_id=second.id,
                ),
            ],
            created_at=old,
            created_by=COORDINATOR,
            updated_at=old,
            updated_by=COORDINATOR,
        ),
        CoordinationSession(
            id="demo-session-2",
            network_id=ctx.network.id,
            date=recent.date(),
            title="Quarterly coordination with the funder (Q2)",
            participants=people,
            agenda=[
                AgendaItem(
                    source="attention", text=f"Needs attention: {first.name}", city_id=first.id
                ),
                AgendaItem(
                    source="experiments",
                    text="What the cities learned this quarter",
                ),
            ],
            notes="The funder asks for the results of the first experiments before the next call.",
            decisions=["Share a one-page summary of concluded experiments with the funder"],
            followups=[
                FollowUp(
                    id="demo-followup-3",
                    text="Send the funder the summary of concluded experiments",
                    owner="Nadia Ben Salah",
                    due=recent.date() + dt.timedelta(days=21),
                    status="done",
                ),
                FollowUp(
                    id="demo-followup-4",
                    text="Agree a date for the next local group meeting with the coach",
                    owner=f"{first.name} city lead",
                    due=today + dt.timedelta(days=10),
                    status="open",
                    city_id=first.id,
                ),
            ],
            created_at=recent,
            created_by=COORDINATOR,
            updated_at=recent,
            updated_by=COORDINATOR,
        ),
    ]
    return sessions


def _backlog(ctx: demo.DemoContext) -> tuple[list[LearningTopic], list[TopicVote]]:
    stages = [s.key for s in ctx.network.stages]
    topics, votes = [], []
    members = [
        (u, c)
        for c in ctx.cities
        for u in ctx.users_of(c.id, "city_lead") + ctx.users_of(c.id, "lag_member")
    ]
    proposed = _at(ctx, 120)
    for n, (title, description, stage, by) in enumerate(TOPICS):
        city = ctx.cities[by % len(ctx.cities)]
        topic_id = f"demo-topic-{n + 1}"
        voters = [(u, c) for i, (u, c) in enumerate(members) if (i * 7 + n * 3) % (n + 2) == 0]
        votes += [
            TopicVote(
                id=f"demo-vote-{n + 1}-{u.id}",
                network_id=ctx.network.id,
                topic_id=topic_id,
                user_id=u.id,
                city_id=c.id,
                created_at=proposed,
                created_by=u.id,
                updated_at=proposed,
                updated_by=u.id,
            )
            for u, c in voters
        ]
        topics.append(
            LearningTopic(
                id=topic_id,
                network_id=ctx.network.id,
                title=title,
                description=description,
                stage=stages[stage] if stage is not None and stage < len(stages) else None,
                city_id=city.id,
                status="held" if n == HELD else "proposed",
                votes=len(voters),
                created_at=proposed,
                created_by=COORDINATOR,
                updated_at=proposed,
                updated_by=COORDINATOR,
            )
        )
    return topics, votes


def _ratings(ctx: demo.DemoContext) -> list[UsefulnessRating]:
    at = _at(ctx, 160)
    out = []
    for i, city in enumerate(ctx.cities[:6]):
        for subject, subject_id in (
            ("session", "demo-session-1"),
            ("topic", f"demo-topic-{HELD + 1}"),
        ):
            out.append(
                UsefulnessRating(
                    id=f"demo-rating-{subject_id}-{city.id}",
                    network_id=ctx.network.id,
                    subject=subject,
                    subject_id=subject_id,
                    city_id=city.id,
                    score=3 + (i + len(subject)) % 3,
                    comment="Useful examples from other cities" if i % 2 else "",
                    created_at=at,
                    updated_at=at,
                )
            )
    return out


def add(ctx: demo.DemoContext, docs: dict[str, list[dict]]) -> None:
    """Add the demo's sessions, backlog, votes and ratings to `docs` (in place)."""
    if not ctx.cities:
        return
    topics, votes = _backlog(ctx)
    out = {
        collections.COORDINATION_SESSIONS: [s.to_doc() for s in _sessions(ctx)],
        collections.LEARNING_TOPICS: [t.to_doc() for t in topics],
        collections.LEARNING_VOTES: [v.to_doc() for v in votes],
        collections.LEARNING_RATINGS: [r.to_doc() for r in _ratings(ctx)],
    }
    for coll, items in out.items():
        docs.setdefault(coll, []).extend(items)
