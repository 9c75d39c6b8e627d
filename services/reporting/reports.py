"""Reports: opened pre-drafted for a cycle, completed and submitted by the city, reviewed by a
coordinator.

States: draft -> submitted -> accepted, or -> returned (sent back) -> submitted again.
Submitting freezes the drafted content (`snapshot`): the report then reads the same whatever
changes later, and says what changed (a fresh draft compared with the snapshot). Every write
checks the actor's permission against the report as stored, and its revision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from models.base import today, utcnow
from models.city import City
from models.reporting import Report, ReportUpdate, ReviewComment, ReviewCreate
from models.user import User
from services.core import access, collections, permissions, records, store
from services.core.errors import NotFound, StateChanged
from services.network import networks
from services.reporting import cycles, drafting

REPORTS = collections.REPORTS
EDITABLE = ("draft", "returned")


def get_report(user: User, report_id: str) -> Report:
    return access.stored(user, "report.read", REPORTS, Report, report_id)


def find_report(user: User, city_id: str, cycle_key: str) -> Report | None:
    """The city's report of that cycle, if one was opened."""
    networks.city_for(user, "report.read", city_id)
    found = store.get().find_one(REPORTS, {"city_id": city_id, "cycle_key": cycle_key})
    return Report.from_doc(found) if found else None


def list_reports(user: User, city_id: str | None = None) -> list[Report]:
    """The reports the user may read (one city's, or every visible city's), newest period
    first. The frozen content is left out (read one report for it)."""
    where: dict[str, Any] = {"network_id": user.network_id}
    if city_id is not None:
        networks.city_for(user, "report.read", city_id)
        where["city_id"] = city_id
    else:
        visible = permissions.visible_city_ids(user, "report.read")
        if visible is not None:
            where["city_id"] = {"$in": sorted(visible)}
    docs = store.get().find(REPORTS, where, projection={"snapshot": 0}, sort=[("end", -1)])
    return [Report.from_doc(d) for d in docs]


def city_cycles(user: User, city_id: str, on: dt.date | None = None) -> list:
    """The city's reporting cycles that have started, oldest first (see cycles.py)."""
    city = networks.city_for(user, "report.read", city_id)
    return cycles.city_cycles(networks.get_network(city.network_id), city, on or today())


def open_report(actor: User, city_id: str, cycle_key: str, on: dt.date | None = None) -> Report:
    """The city's report of the cycle, opened as a draft if it was not yet (the cycle's period
    is then fixed). NotFound for a cycle that has not started."""
    city = networks.city_for(actor, "report.edit", city_id)
    found = store.get().find_one(REPORTS, {"city_id": city_id, "cycle_key": cycle_key})
    if found is not None:
        return Report.from_doc(found)
    network = networks.get_network(city.network_id)
    cycle = next(
        (c for c in cycles.city_cycles(network, city, on or today()) if c.key == cycle_key), None
    )
    if cycle is None:
        raise NotFound(entity=collections.REPORT_CYCLES, id=cycle_key)
    fixed = cycles.fix_cycle(actor, city.network_id, cycle)
    report = Report(
        network_id=city.network_id,
        city_id=city.id,
        cycle_id=fixed.id,
        cycle_key=fixed.key,
        start=fixed.start,
        end=fixed.end,
        due=fixed.due,
    )
    try:
        return records.insert(REPORTS, report, actor, city_id=city.id)
    except store.DuplicateKey:  # opened by someone else meanwhile
        return Report.from_doc(
            store.get().find_one(REPORTS, {"city_id": city_id, "cycle_key": cycle_key})
        )


def _editable(report: Report) -> None:
    if report.status not in EDITABLE:
        raise StateChanged("status", "reporting.error.not_editable", status=report.status)


def save_report(
    actor: User,
    report: Report,
    data: ReportUpdate | Mapping[str, Any],
    submission: str | None = None,
) -> Report:
    """Save the narrative and ratings given (a draft or a report sent back); Conflict when
    someone saved since `report` was read. A repeated form `submission` returns the report
    as the first one left it."""
    stored_doc = access.stored(actor, "report.edit", REPORTS, Report, report.id)
    if stored_doc.submission_id is not None and stored_doc.submission_id == submission:
        return stored_doc
    _editable(stored_doc)
    changes = ReportUpdate.model_validate(data).model_dump(exclude_unset=True)
    return records.update(
        REPORTS,
        access.as_read(stored_doc, report),
        changes,
        actor,
        city_id=stored_doc.city_id,
        submission=submission,
    )


def draft_content(report: Report, on: dt.date | None = None) -> dict[str, Any]:
    """A fresh draft of the report's period from the data as stored now."""
    city = records.get(networks.CITIES, City, report.city_id)
    return drafting.draft_for(city, report.start, report.end, on or today())


def submit_report(
    actor: User,
    report: Report,
    data: ReportUpdate | Mapping[str, Any] | None = None,
    on: dt.date | None = None,
    submission: str | None = None,
) -> Report:
    """Submit: the narrative and ratings given are saved, and the drafted content is frozen
    as it stands now. Conflict when someone saved since `report` was read. A repeated form
    `submission` (a double click on Submit) returns the report the first one submitted."""
    stored_doc = access.stored(actor, "report.edit", REPORTS, Report, report.id)
    if stored_doc.submission_id is not None and stored_doc.submission_id == submission:
        return stored_doc
    _editable(stored_doc)
    changes = ReportUpdate.model_validate(data or {}).model_dump(exclude_unset=True)
    changes.update(
        status="submitted",
        snapshot=draft_content(stored_doc, on),
        submitted_at=utcnow(),
        submitted_by=actor.id,
        submitted_by_name=actor.display_name,
        decided_at=None,
        decided_by=None,
    )
    return records.update(
        REPORTS,
        access.as_read(stored_doc, report),
        changes,
        actor,
        city_id=stored_doc.city_id,
        action="submit",
        submission=submission,
    )


def review_report(
    actor: User,
    report: Report,
    data: ReviewCreate | Mapping[str, Any],
    submission: str | None = None,
) -> Report:
    """A coordinator comments a submitted report, accepts it, or sends it back (a comment
    saying why is required). Comments may follow at any time after submission. A repeated
    form `submission` (a double click) adds no second comment and returns the report as the
    first one left it."""
    stored_doc = access.stored(actor, "report.review", REPORTS, Report, report.id)
    if stored_doc.submission_id is not None and stored_doc.submission_id == submission:
        return stored_doc
    data = ReviewCreate.model_validate(data)
    if stored_doc.status == "draft":
        raise StateChanged("status", "reporting.error.not_submitted")
    if data.decision != "comment" and stored_doc.status != "submitted":
        raise StateChanged("status", "reporting.error.not_submitted")
    now = utcnow()
    comment = ReviewComment(
        by=actor.id, by_name=actor.display_name, at=now, text=data.text, decision=data.decision
    )
    changes: dict[str, Any] = {"comments": [*stored_doc.comments, comment]}
    if data.decision != "comment":
        changes.update(
            status="accepted" if data.decision == "accept" else "returned",
            decided_at=now,
            decided_by=actor.id,
        )
    return records.update(
        REPORTS,
        access.as_read(stored_doc, report),
        changes,
        actor,
        city_id=stored_doc.city_id,
        action=data.decision,
        submission=submission,
    )


@dataclass
class ReportView:
    """What a report shows: its content (frozen once submitted) and what changed since."""

    report: Report
    content: dict[str, Any]
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def frozen(self) -> bool:
        return self.report.snapshot is not None


def report_view(user: User, report_id: str, on: dt.date | None = None) -> ReportView:
    """The report as the page shows it: the frozen snapshot and, when the data changed after
    submission, what changed; a draft's content is drafted fresh."""
    report = get_report(user, report_id)
    fresh = draft_content(report, on)
    if report.snapshot is None:
        return ReportView(report, fresh)
    return ReportView(report, report.snapshot, drafting.changes_since(report.snapshot, fresh))


def late(report: Report) -> bool:
    """Submitted after its due date."""
    return report.submitted_at is not None and report.submitted_at.date() > report.due
