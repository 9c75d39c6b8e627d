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
# Listening and reporting (services/reporting/).
CHECKINS = "checkins"
REPORTING_SETTINGS = "reporting_settings"
REPORT_CYCLES = "report_cycles"
REPORTS = "reports"
# Coordination and learning (services/reporting/coordination.py, learning.py).
COORDINATION_SESSIONS = "coordination_sessions"
LEARNING_TOPICS = "learning_topics"
LEARNING_VOTES = "learning_votes"
LEARNING_RATINGS = "learning_ratings"
# E-mail reminders sent (one per user and day): the once-a-day guard, not the network's data.
REMINDERS_SENT = "reminders_sent"
# Login sessions (hashes of browser cookie tokens): security state, not the network's data,
# so neither exported nor imported.
LOGIN_SESSIONS = "sessions"
# One counter per network, moved by every write that changes a city summary: what the dashboard
# caches by (derived, like the summaries; not part of ALL).
REVISIONS = "revisions"
# One document per network: its cities' stage facts summed by cluster, country and stage (the
# dashboard's stage panels and filter choices), kept by the summary writer (derived, not in ALL).
ROLLUPS = "rollups"
WORKSHOPS = "workshops"
WORKSHOP_PARTICIPANTS = "workshop_participants"
WORKSHOP_NOTES = "workshop_notes"
WORKSHOP_VOTES = "workshop_votes"
# A city's baseline, target and measurements of each of the network's shared indicators.
INDICATOR_RECORDS = "indicator_records"
# Failed workshop joins per time window (guessing throttle): security state, never exported.
WORKSHOP_THROTTLE = "workshop_throttle"

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
    CHECKINS,
    REPORTING_SETTINGS,
    REPORT_CYCLES,
    REPORTS,
    COORDINATION_SESSIONS,
    LEARNING_TOPICS,
    LEARNING_VOTES,
    LEARNING_RATINGS,
    WORKSHOPS,
    WORKSHOP_PARTICIPANTS,
    WORKSHOP_NOTES,
    WORKSHOP_VOTES,
    INDICATOR_RECORDS,
)

# Internal collections of `import --replace` (a name starting with "_" is never exported, never
# listed, and cannot appear in an export file): the new data is written beside the old, then
# swapped in; the journal says a swap is under way, so an interrupted one can be undone.
IMPORT_JOURNAL = "_import_journal"
IMPORT_STAGING = "_import_new__"  # + collection name
IMPORT_PREVIOUS = "_import_old__"  # + collection name
