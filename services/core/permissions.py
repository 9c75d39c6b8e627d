"""Who may do what: the role table is data, and every write use case asks it.

`MATRIX[action][role]` is ALL (any city of the network), OWN (only the user's own cities) or
absent (refused). The role-matrix test reads this table; the README and the app show it.
"""

from __future__ import annotations

from models.user import ROLES, User
from services.core.errors import PermissionDenied

ALL = "all"
OWN = "own"
# A workshop participant has no account and no role: a join token grants the actions below
# within that one workshop (checked by services/workshops against the token, never here).
PARTICIPANT = "participant"
WORKSHOP = "workshop"

_STAFF = {"admin": ALL, "coordinator": ALL}
_CITY_EDITORS = {**_STAFF, "city_lead": OWN}
_CITY_MEMBERS = {**_CITY_EDITORS, "lag_member": OWN}

MATRIX: dict[str, dict[str, str]] = {
    # network and accounts
    "network.edit": dict(_STAFF),
    "network.read": {**_CITY_MEMBERS, "viewer": ALL},
    "user.manage": {"admin": ALL},
    "demo.load": {"admin": ALL, "coordinator": ALL},
    # cities
    "city.create": dict(_STAFF),
    "city.edit": dict(_CITY_EDITORS),
    "city.read": {**_CITY_MEMBERS, "viewer": ALL},
    "stage.approve": dict(_STAFF),
    # the plan
    "plan.read": dict(_CITY_MEMBERS),
    "plan.edit": dict(_CITY_EDITORS),
    "plan.freeze": dict(_CITY_EDITORS),
    "plan.meeting.record": dict(_CITY_MEMBERS),
    "plan.comment": dict(_CITY_MEMBERS),
    # experiments
    "experiment.read": dict(_CITY_MEMBERS),
    # the design of every test card of the network (never its results): what a city may
    # replicate from another; results and learnings stay with their own read rules
    "experiment.card.read": {role: ALL for role in _CITY_MEMBERS},
    "experiment.edit": dict(_CITY_EDITORS),
    "experiment.result.record": dict(_CITY_MEMBERS),
    "learning.edit": dict(_CITY_EDITORS),
    # listening and reporting: a check-in is the city's own voice; coordinators read them all
    "checkin.create": {"city_lead": OWN, "lag_member": OWN},
    "checkin.read": dict(_CITY_MEMBERS),
    "report.read": {**_CITY_MEMBERS, "viewer": ALL},
    "report.edit": {"admin": ALL, "city_lead": OWN},
    "report.review": dict(_STAFF),
    # compliance across cities and the funder summary of a cycle: the network team, the funder
    "compliance.read": {**_STAFF, "viewer": ALL},
    # coordination with the funding body: the network team runs the sessions, viewers (the
    # funder) read them; a city's members see the follow-ups that concern their city
    "coordination.read": {**_STAFF, "viewer": ALL},
    "coordination.edit": dict(_STAFF),
    "followup.read": {**_CITY_MEMBERS, "viewer": ALL},
    # the learning backlog, shared by the whole network: cities propose, vote (one vote per
    # person and topic) and rate
    "learning.read": {role: ALL for role in (*_CITY_MEMBERS, "viewer")},
    "learning.propose": dict(_CITY_MEMBERS),
    "learning.vote": dict(_CITY_MEMBERS),
    "learning.rate": dict(_CITY_MEMBERS),
    # e-mail reminders: the command line sends them daily (as the server); an administrator may
    # send the day's now (to try the SMTP settings)
    "reminder.send": {"admin": ALL},
    # dashboards
    "dashboard.read": {**_CITY_MEMBERS, "viewer": ALL},
    # workshops: facilitators start and run them, and promote results into the plan
    "workshop.run": dict(_CITY_EDITORS),
    "workshop.read": dict(_CITY_MEMBERS),
    "workshop.promote": dict(_CITY_EDITORS),
    # the city's members post written input while a workshop collects it ahead of the session
    "workshop.contribute": dict(_CITY_MEMBERS),
    "workshop.participate": {PARTICIPANT: WORKSHOP},
}


def scope(user: User | None, action: str) -> str | None:
    """ALL, OWN or None (refused) for this user and action."""
    # Anything but an account (a workshop participant's identity) has no role anywhere.
    if not isinstance(user, User) or not user.active:
        return None
    return MATRIX.get(action, {}).get(user.role)


def allowed(user: User | None, action: str, city_id: str | None = None) -> bool:
    """Whether `user` may do `action` (on `city_id` when the action concerns one city)."""
    granted = scope(user, action)
    if granted == ALL:
        return True
    if granted == OWN:
        return city_id is not None and city_id in user.city_ids
    return False


def require(user: User | None, action: str, city_id: str | None = None) -> User:
    """Raise PermissionDenied unless allowed; returns the user for chaining."""
    if not allowed(user, action, city_id):
        raise PermissionDenied(action=action)
    return user


def visible_city_ids(user: User, action: str = "city.read") -> set[str] | None:
    """None when the user sees every city for `action`, else the set they may see."""
    granted = scope(user, action)
    if granted == ALL:
        return None
    if granted == OWN:
        return set(user.city_ids)
    return set()


def role_table() -> list[dict[str, str]]:
    """The matrix as rows (action, then one column per role), for the README and the app."""
    return [
        {"action": action, **{role: grants.get(role, "") for role in ROLES}}
        for action, grants in MATRIX.items()
    ]
