"""The MongoDB collection names: defined here once, imported everywhere else."""

from __future__ import annotations

NETWORKS = "networks"
CITIES = "cities"
USERS = "users"
PLANS = "plans"
PLAN_VERSIONS = "plan_versions"
ASSUMPTIONS = "assumptions"
EXPERIMENTS = "experiments"
LEARNINGS = "learnings"
PRESENCE = "presence"
ACTIVITY = "activity"
# One counter per network, moved by every write that changes a city summary: what the dashboard
# caches by (derived, like the summaries; not part of ALL).
REVISIONS = "revisions"

# Every collection that holds the network's data (what an export writes and an import reads).
ALL = (
    NETWORKS,
    CITIES,
    USERS,
    PLANS,
    PLAN_VERSIONS,
    ASSUMPTIONS,
    EXPERIMENTS,
    LEARNINGS,
    PRESENCE,
    ACTIVITY,
)
