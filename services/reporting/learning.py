"""The learning backlog: cities propose topics they want to learn about, each tagged with the
stage of the method it serves, and vote on them (one vote per person and topic, cast for one
of their cities); the network team schedules and holds them; afterwards cities rate how
useful a session or a learning event was (1-5 and a comment), one rating per city and subject
(a new one replaces the city's earlier one, and the page says so); the ratings show next to
each topic and session (mean, count, each city's score).

A topic's `votes` is a count of its `learning_votes`, recomputed by the one function that
writes votes (`_recount`), so the backlog reads one small document per topic.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from models.coordination import (
    TOPIC_STATUSES,
    LearningTopic,
    RatingCreate,
    TopicCreate,
    TopicVote,
    UsefulnessRating,
)
from models.user import User
from services.core import collections, permissions, records, store
from services.core.errors import InvalidInput, NotFound
from services.network import networks

TOPICS = collections.LEARNING_TOPICS
VOTES = collections.LEARNING_VOTES
RATINGS = collections.LEARNING_RATINGS


def _topic(user: User, topic_id: str) -> LearningTopic:
    found = records.get(TOPICS, LearningTopic, topic_id)
    if found.network_id != user.network_id:
        raise NotFound(entity=TOPICS, id=topic_id)
    return found


def propose_topic(
    actor: User,
    city_id: str,
    data: TopicCreate | Mapping[str, Any],
    submission: str | None = None,
) -> LearningTopic:
    """A city proposes a topic (tagged with a stage of the network's method, or none). A
    repeated form `submission` returns the topic the first one proposed."""
    city = networks.city_for(actor, "learning.propose", city_id)
    data = TopicCreate.model_validate(data)
    network = store.get().find_one(collections.NETWORKS, {"_id": city.network_id}) or {}
    stages = {s.get("key") for s in network.get("stages", [])}
    if data.stage is not None and data.stage not in stages:
        raise InvalidInput("stage", "backlog.error.unknown_stage")
    topic = LearningTopic(network_id=city.network_id, city_id=city.id, **data.model_dump())
    return records.insert(TOPICS, topic, actor, submission=submission)


def list_topics(user: User) -> list[LearningTopic]:
    """The network's backlog, most voted first."""
    permissions.require(user, "learning.read")
    return records.find(
        TOPICS, LearningTopic, {"network_id": user.network_id}, sort=[("votes", -1), ("_id", 1)]
    )


def my_votes(user: User) -> set[str]:
    """The topics the user voted for."""
    docs = store.get().find(VOTES, {"user_id": user.id}, projection={"topic_id": 1})
    return {d["topic_id"] for d in docs}


def _recount(actor: User, topic: LearningTopic) -> LearningTopic:
    count = store.get().count(VOTES, {"topic_id": topic.id})
    return records.apply(
        TOPICS,
        LearningTopic,
        topic.id,
        None,  # a count from the votes themselves: no lost update to guard against
        {"$set": {"votes": count}},
        actor,
        network_id=topic.network_id,
        fields=["votes"],
        action="vote",
    )


def vote_topic(actor: User, topic_id: str, city_id: str) -> LearningTopic:
    """Vote for a topic, as a member of `city_id` (once per person and topic: voting again
    changes nothing)."""
    networks.city_for(actor, "learning.vote", city_id)
    topic = _topic(actor, topic_id)
    vote = TopicVote(
        network_id=topic.network_id, topic_id=topic.id, user_id=actor.id, city_id=city_id
    )
    try:
        records.insert(VOTES, vote, actor)
    except store.DuplicateKey:
        return topic
    return _recount(actor, topic)


def unvote_topic(actor: User, topic_id: str, city_id: str) -> LearningTopic:
    """Take back one's vote on a topic (nothing if there was none)."""
    networks.city_for(actor, "learning.vote", city_id)
    topic = _topic(actor, topic_id)
    found = store.get().find_one(VOTES, {"topic_id": topic.id, "user_id": actor.id})
    if found is None:
        return topic
    records.delete(VOTES, TopicVote.from_doc(found), actor)
    return _recount(actor, topic)


def set_topic_status(actor: User, topic: LearningTopic, status: str) -> LearningTopic:
    """The network team schedules a topic, or marks it held (cities may then rate it)."""
    permissions.require(actor, "coordination.edit")
    stored_doc = _topic(actor, topic.id)
    if status not in TOPIC_STATUSES:
        raise InvalidInput("status", "coordination.error.status")
    current = stored_doc.model_copy(update={"revision": topic.revision})
    return records.update(TOPICS, current, {"status": status}, actor)


@dataclasses.dataclass(frozen=True)
class Rated:
    """A rating saved: the city's one rating of the subject, and the score it replaced (None:
    the city had not rated it before, or the form was sent again)."""

    rating: UsefulnessRating
    replaced: int | None = None


def rate(
    actor: User,
    city_id: str,
    data: RatingCreate | Mapping[str, Any],
    submission: str | None = None,
) -> Rated:
    """A city rates how useful a session or a held learning event was (1-5, a comment): one
    rating per city and subject, so a new one replaces the city's earlier one, and says so
    (`Rated.replaced`, the earlier score). A repeated form `submission` returns the rating the
    first one wrote."""
    city = networks.city_for(actor, "learning.rate", city_id)
    first = records.submitted(RATINGS, UsefulnessRating, submission, city.network_id)
    if first is not None:
        return Rated(first)
    data = RatingCreate.model_validate(data)
    coll = collections.COORDINATION_SESSIONS if data.subject == "session" else TOPICS
    subject = store.get().find_one(coll, {"_id": data.subject_id})
    if subject is None or subject.get("network_id") != city.network_id:
        raise NotFound(entity=coll, id=data.subject_id)
    if data.subject == "topic" and subject.get("status") != "held":
        raise InvalidInput("subject_id", "backlog.error.not_held")
    found = store.get().find_one(RATINGS, {"subject_id": data.subject_id, "city_id": city.id})
    values = {"score": data.score, "comment": data.comment, "by_name": actor.display_name}
    if found is not None:
        earlier = UsefulnessRating.from_doc(found)
        saved = records.update(RATINGS, earlier, values, actor, submission=submission)
        return Rated(saved, earlier.score)
    rating = UsefulnessRating(
        network_id=city.network_id,
        subject=data.subject,
        subject_id=data.subject_id,
        city_id=city.id,
        **values,
    )
    return Rated(records.insert(RATINGS, rating, actor, submission=submission))


@dataclasses.dataclass(frozen=True)
class Ratings:
    """How useful the cities found one subject: each city's score (one per city), their
    count and mean."""

    by_city: dict[str, int]

    @property
    def count(self) -> int:
        return len(self.by_city)

    @property
    def mean(self) -> float | None:
        return sum(self.by_city.values()) / self.count if self.by_city else None


def ratings_by_subject(user: User) -> dict[tuple[str, str], Ratings]:
    """The network's ratings by (subject, subject id): what the backlog and the sessions show
    next to each topic and session (one read)."""
    permissions.require(user, "learning.read")
    docs = store.get().find(
        RATINGS,
        {"network_id": user.network_id},
        projection={"subject": 1, "subject_id": 1, "city_id": 1, "score": 1},
        sort=[("_id", 1)],
    )
    found: dict[tuple[str, str], dict[str, int]] = {}
    for doc in docs:
        found.setdefault((doc["subject"], doc["subject_id"]), {})[doc["city_id"]] = int(
            doc["score"]
        )
    return {key: Ratings(by_city) for key, by_city in found.items()}


def ratings_frame(user: User) -> pd.DataFrame:
    """Usefulness by subject: subject, subject_id, ratings, mean score (1-5)."""
    permissions.require(user, "learning.read")
    docs = store.get().find(
        RATINGS,
        {"network_id": user.network_id},
        projection={"subject": 1, "subject_id": 1, "score": 1},
    )
    frame = pd.DataFrame(docs, columns=["subject", "subject_id", "score"])
    if frame.empty:
        return pd.DataFrame(columns=["subject", "subject_id", "ratings", "mean"])
    grouped = frame.groupby(["subject", "subject_id"], as_index=False).agg(
        ratings=("score", "size"), mean=("score", "mean")
    )
    return grouped.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)


def fitting_topics(
    topics: Iterable[LearningTopic], current_stages: Iterable[str], limit: int = 5
) -> list[LearningTopic]:
    """The most voted topics not yet held that serve a stage some city is at now (or any
    stage), most votes first: what the agenda proposes."""
    now = set(current_stages)
    fit = [
        t
        for t in topics
        if t.status != "held" and t.votes > 0 and (t.stage is None or t.stage in now)
    ]
    return sorted(fit, key=lambda t: (-t.votes, t.title))[:limit]


def rateable(user: User, on: dt.date) -> list[tuple[str, str, str]]:
    """What a city may rate: sessions held by `on` and learning events held, as
    (subject, id, title), latest session first."""
    permissions.require(user, "learning.read")
    day = dt.datetime(on.year, on.month, on.day, tzinfo=dt.UTC)
    sessions = store.get().find(
        collections.COORDINATION_SESSIONS,
        {"network_id": user.network_id, "date": {"$lte": day}},
        projection={"title": 1, "date": 1},
        sort=[("date", -1)],
    )
    held = store.get().find(
        TOPICS, {"network_id": user.network_id, "status": "held"}, projection={"title": 1}
    )
    return [("session", s["_id"], s["title"]) for s in sessions] + [
        ("topic", t["_id"], t["title"]) for t in held
    ]
