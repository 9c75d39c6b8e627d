"""Networks the demo never was, written in the import format (an `atelier-export` file) and
loaded through the import, as a network moving to Atelier would arrive: no activity log, no
summaries, dates that are facts of the past.

- `ended`: a programme that ran from March 2019 to November 2022 and is over. Six cities went
  through the four stages at their own pace; one went back a stage, one finished the method;
  monthly check-ins, LAG meetings, experiments with results, quarterly reports.
- `started`: a programme that began a month ago. Four cities: two checked in days ago, one
  three weeks ago, one recorded nothing yet; one holds a LAG meeting planned for next week.

Each is seeded (`random.Random(seed)`) so that a test can recompute what it expects from the
same documents, by reading the file, never through the code it checks.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from bson import json_util

from models.base import stored
from services.core import store
from services.network import networks
from services.transfer import archive

STAGES = ("problem_definition", "stakeholder_engagement", "solution_design", "experimentation")
BLOCKERS = ("funding", "staff_time", "data_access", "legal", "partners")
ENDED_START = dt.date(2019, 3, 1)
ENDED_END = dt.date(2022, 11, 30)
REPORTING_START = dt.date(2019, 4, 1)
GRACE_DAYS = 14


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def _base(network_id: str, doc_id: str, when: dt.date, **fields: Any) -> dict[str, Any]:
    return {
        "_id": doc_id,
        "network_id": network_id,
        "created_at": _at(when),
        "updated_at": _at(when),
        "created_by": "imported",
        "updated_by": "imported",
        "revision": 0,
        **fields,
    }


def _network(network_id: str, name: str, started: dt.date) -> dict[str, Any]:
    doc = stored(networks.new_network(name))
    doc.update(_id=network_id, network_id=network_id, timeline=[], reporting_rhythm="quarterly")
    doc.update(created_at=_at(started), updated_at=_at(started))
    return doc


def _quarters(first: dt.date, last: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """(key, first day, last day) of each quarter from the one holding `first` to `last`'s."""
    out, day = [], dt.date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    while day <= last:
        nxt = dt.date(day.year + (day.month + 3 > 12), (day.month + 2) % 12 + 1, 1)
        out.append((f"{day.year}-Q{(day.month - 1) // 3 + 1}", day, nxt - dt.timedelta(days=1)))
        day = nxt
    return out


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], dt.date(first.year, first.month, 1)
    while day <= last:
        days.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return days


def _plan(network_id: str, city_id: str, when: dt.date, meetings: list[dict]) -> dict[str, Any]:
    section = {
        "content": {"kind": "stakeholders", "meetings": meetings},
        "enabled": True,
        "revision": 1,
        "updated_at": _at(when),
    }
    return _base(
        network_id,
        f"plan-{city_id}",
        when,
        city_id=city_id,
        sections={"stakeholders": section},
        order=["stakeholders"],
    )


class History:
    """Collections of one network, filled by the builders below."""

    def __init__(self, network: dict[str, Any]) -> None:
        self.network_id = network["_id"]
        self.docs: dict[str, list[dict[str, Any]]] = {"networks": [network]}

    def add(self, coll: str, doc: dict[str, Any]) -> None:
        self.docs.setdefault(coll, []).append(doc)

    def text(self) -> str:
        body = {"format": archive.FORMAT, "version": archive.VERSION, "collections": self.docs}
        return json_util.dumps(body, json_options=json_util.RELAXED_JSON_OPTIONS)

    def load(self, db: store.Store | None = None) -> None:
        """Import the file into `db` (default: the process's store), as the CLI would."""
        archive.import_text(db or store.get(), self.text())


def combined(*histories: History) -> History:
    """One file holding several networks (a deployment that serves more than one)."""
    joined = History(histories[0].docs["networks"][0])
    for history in histories:
        for coll, docs in history.docs.items():
            for doc in docs:
                if doc is not joined.docs["networks"][0]:
                    joined.add(coll, doc)
    return joined


def ended(seed: int = 7) -> History:
    """The programme that ran 2019-2022 (see the module's docstring)."""
    rng = random.Random(seed)
    nid = "net-ended"
    history = History(_network(nid, "Ended programme 2019-2022", ENDED_START))
    history.add(
        "reporting_settings",
        _base(
            nid,
            nid,
            ENDED_START,
            report_grace_days=GRACE_DAYS,
            reporting_starts_on=_at(REPORTING_START, 0),
            programme_ends_on=_at(ENDED_END, 0),
            blocker_tags=[
                {"key": key, "label": {"en": key.replace("_", " ").capitalize(), "fr": key}}
                for key in BLOCKERS
            ],
        ),
    )
    names = ["Matola", "Bizerte", "Benguerir", "Nouakchott", "Porto", "Gent"]
    for n, name in enumerate(names):
        cid = f"ended-{n}"
        reached = 1 + n % 4  # how many stages the city entered
        entered = [ENDED_START + dt.timedelta(days=30 * n + 200 * i) for i in range(reached)]
        moves = [
            {"stage": STAGES[i], "entered_at": _at(day), "kind": "approved"}
            for i, day in enumerate(entered)
        ]
        stage = STAGES[reached - 1]
        if n == 3:  # went back a stage
            back = entered[-1] + dt.timedelta(days=90)
            moves.append(
                {"stage": STAGES[reached - 2], "entered_at": _at(back), "kind": "returned"}
            )
            stage = STAGES[reached - 2]
        history.add(
            "cities",
            _base(
                nid,
                cid,
                ENDED_START,
                name=name,
                country=["MZ", "TN", "MA", "MR", "PT", "BE"][n],
                cluster=["Services", "Data"][n % 2],
                stage=stage,
                stage_history=moves,
            ),
        )
        if n == 5:  # joined, then recorded nothing at all
            continue
        # Quarterly reports while the programme ran: most accepted, every fifth never written,
        # one sent back, one late; the quarters after the programme's end are not due.
        for k, (key, first, last_day) in enumerate(_quarters(REPORTING_START, ENDED_END)):
            if k % 5 == n % 5:
                continue
            due = last_day + dt.timedelta(days=GRACE_DAYS)
            status, sent = "accepted", last_day + dt.timedelta(days=10)
            if k == n + 2:
                status = "returned"
            elif k == n + 3:
                status, sent = "submitted", due + dt.timedelta(days=9)
            cycle_id = f"{cid}-cycle-{key}"
            dates = {"start": _at(first, 0), "end": _at(last_day, 0), "due": _at(due, 0)}
            history.add(
                "report_cycles",
                _base(
                    nid,
                    cycle_id,
                    first,
                    city_id=cid,
                    key=key,
                    kind="quarter",
                    number=k + 1,
                    **dates,
                ),
            )
            history.add(
                "reports",
                _base(
                    nid,
                    f"{cid}-report-{key}",
                    sent,
                    city_id=cid,
                    cycle_id=cycle_id,
                    cycle_key=key,
                    status=status,
                    submitted_at=_at(sent),
                    **dates,
                ),
            )
        # Monthly check-ins until a city-specific last month (the programme's end at most).
        last = ENDED_END - dt.timedelta(days=40 * n)
        for k, month in enumerate(_months(ENDED_START, last)):
            day = month + dt.timedelta(days=rng.randrange(0, 27))
            history.add(
                "checkins",
                _base(
                    nid,
                    f"{cid}-checkin-{k}",
                    day,
                    city_id=cid,
                    date=_at(day, 0),
                    mood=rng.randint(1, 5),
                    blockers=rng.sample(BLOCKERS, rng.randint(0, 2)),
                    help_needed="a contact" if rng.random() < 0.2 else "",
                ),
            )
        meetings = [
            {"id": f"{cid}-m{k}", "date": _at(month + dt.timedelta(days=9), 0), "attendees": []}
            for k, month in enumerate(_months(ENDED_START, last)[::3])
        ]
        history.add("plans", _plan(nid, cid, entered[-1], meetings))
        if reached == 4:
            start = entered[-1] + dt.timedelta(days=10)
            results = [
                {
                    "id": f"{cid}-r{k}",
                    "date": _at(start + dt.timedelta(days=20 * k), 0),
                    "value": float(rng.randint(10, 60)),
                    "recorded_by": "imported",
                    "recorded_at": _at(start + dt.timedelta(days=20 * k + 1)),
                }
                for k in range(4)
            ]
            history.add(
                "experiments",
                _base(
                    nid,
                    f"{cid}-x1",
                    start,
                    city_id=cid,
                    title="Online payment pilot",
                    method_key="pilot",
                    metric="share of payments online",
                    unit="%",
                    criterion={"kind": "numeric", "comparison": ">=", "target": 40.0},
                    start=_at(start, 0),
                    end=_at(start + dt.timedelta(days=90), 0),
                    status="done",
                    results=results,
                ),
            )
    return history


def started(today: dt.date, seed: int = 11) -> History:
    """The programme that began a month before `today` (see the module's docstring)."""
    rng = random.Random(seed)
    nid = "net-started"
    began = today - dt.timedelta(days=30)
    history = History(_network(nid, "New programme", began))
    for n, name in enumerate(["Maputo", "Sousse", "Agadir", "Kaolack"]):
        cid = f"started-{n}"
        history.add(
            "cities",
            _base(
                nid,
                cid,
                began,
                name=name,
                country=["MZ", "TN", "MA", "SN"][n],
                stage=STAGES[0],
                stage_history=[{"stage": STAGES[0], "entered_at": _at(began), "kind": "approved"}],
            ),
        )
        ago = [3, 5, 20, None][n]
        if ago is not None:
            day = today - dt.timedelta(days=ago)
            mood = rng.randint(2, 5)
            history.add(
                "checkins",
                _base(nid, f"{cid}-checkin", day, city_id=cid, date=_at(day, 0), mood=mood),
            )
        if n == 3:  # nothing recorded but a meeting planned for next week
            planned = [{"id": f"{cid}-m0", "date": _at(today + dt.timedelta(days=7), 0)}]
            plan = _plan(nid, cid, began, planned)
            plan["sections"]["stakeholders"]["updated_at"] = None
            history.add("plans", plan)
    return history
