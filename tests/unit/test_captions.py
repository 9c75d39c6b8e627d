"""Captions say what their charts show, on a small network unlike the demo: a finished programme
(check-ins, meetings and experiments of 2019-2022 only, a timeline that ended), a month without
check-ins, a quarter without meetings, a city that lists no local action group members but met
with attendees, a city that went back a stage, methods that tie. Every expected number is
counted here from the data the test wrote (or the raw documents), never by the code under test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from models.city import CityFields
from models.plan import LagMember, Meeting, StakeholdersSection
from models.reporting import Checkin
from models.user import User
from services.core import collections, i18n, store
from services.dashboard import (
    catalog,
    engagement_panels,
    experiment_panels,
    listening,
    methods,
    panels,
    stage_panels,
    summary,
    views,
)
from services.network import networks
from services.reporting import settings
from tests import builders

START = dt.date(2019, 1, 1)  # the programme: four phases of a year, 2019 to 2022
# (city, day, mood, asks for help, names the blocker): February 2019 has none
CHECKINS = [
    ("Praia", dt.date(2019, 1, 15), 2, True, True),
    ("Praia", dt.date(2019, 1, 28), 4, False, False),
    ("Praia", dt.date(2019, 3, 20), 4, True, True),
    ("Cork", dt.date(2020, 6, 10), 5, False, True),
    ("Praia", dt.date(2022, 12, 1), 3, False, False),
]
# Praia lists no members but meets (attendees per meeting); Q3 2019 has no meeting.
PRAIA_MEETINGS = [(dt.date(2019, 2, 10), 3), (dt.date(2019, 5, 10), 4), (dt.date(2019, 11, 10), 2)]
CORK_MEMBERS = 2
CORK_MEETINGS = [(dt.date(2020, 2, 2), 6)]
# (method, city, verdict): four methods with two validated each, one with none; Praia's and
# Cork's clusters four validated each
EXPERIMENTS = [
    (method, city, "validated")
    for method in ("survey", "ab_test", "pilot_service", "co_design")
    for city in ("Praia", "Cork")
] + [("paper_prototype", "Praia", "inconclusive"), ("paper_prototype", "Cork", "invalidated")]
CLUSTERS = {"Praia": "Coastal towns", "Cork": "Port cities", "Lyon": "Port cities"}
TIED = ("survey", "ab_test", "pilot_service", "co_design")


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def months_between(first: str, last: str) -> list[str]:
    """Every month key from `first` to `last`, both included, counted by hand."""
    found = [first]
    while found[-1] < last:
        year, month = (int(part) for part in found[-1].split("-"))
        found.append(f"{year + month // 12}-{month % 12 + 1:02d}")
    return found


def _meetings(rows: list[tuple[dt.date, int]], prefix: str) -> list[Meeting]:
    return [
        Meeting(date=day, attendees=[f"{prefix} attendee {i}" for i in range(count)])
        for day, count in rows
    ]


@dataclasses.dataclass
class Shaped:
    coordinator: User
    ids: dict[str, str]  # city name -> id
    tag: str  # the blocker named


@pytest.fixture
def shaped(small_world) -> Shaped:
    admin = small_world["admin"]
    builders.timeline(admin, START, "stakeholder_engagement", "solution_design", days=730)
    lyon = builders.city(admin, "Lyon", "France")
    ids = {"Praia": small_world.city, "Cork": small_world.other_city, "Lyon": lyon.id}
    for name, city_id in ids.items():
        city = networks.get_city(admin, city_id)
        data = CityFields(name=city.name, country=city.country, cluster=CLUSTERS[name])
        networks.update_city(admin, city, data)
    tag = settings.get_settings(admin.network_id).active_tags()[0].key
    lead = builders.user("city_lead", list(ids.values()))  # writes what the cities write
    for name, day, mood, asks, names in CHECKINS:
        builders.checkin(
            lead, ids[name], day, mood, "a hand" if asks else "", [tag] if names else []
        )
    builders.plan(
        lead,
        ids["Praia"],
        stakeholders=StakeholdersSection(meetings=_meetings(PRAIA_MEETINGS, "Praia")),
    )
    builders.plan(
        lead,
        ids["Cork"],
        stakeholders=StakeholdersSection(
            lag_members=[LagMember(name=f"Member {i}") for i in range(CORK_MEMBERS)],
            meetings=_meetings(CORK_MEETINGS, "Cork"),
        ),
    )
    for n, (method, name, verdict) in enumerate(EXPERIMENTS):
        builders.experiment(lead, ids[name], f"Test {n}", method, verdict)
    for n in range(2):  # Lyon: two experiments, none finished
        builders.experiment(lead, ids["Lyon"], f"Lyon {n}", "survey", end=dt.date(2099, 1, 1))
    # Praia went up two stages, then back one; Cork went up one; Lyon never moved.
    builders.stage(admin, ids["Praia"], "solution_design")
    builders.stage(admin, ids["Praia"], "stakeholder_engagement")
    builders.stage(admin, ids["Cork"], "stakeholder_engagement")
    return Shaped(small_world["coordinator"], ids, tag)


def _ctx(shaped: Shaped, period: str = "all", lang: str = "en") -> panels.Context:
    overview = views.load(shaped.coordinator)
    filters = views.Filters(period=period)
    return panels.Context(overview.network, list(overview.cities), overview.today, lang, filters)


# --- periods: "Whole programme" covers the whole programme ----------------------------------------


def test_a_finished_programme_shows_its_check_ins_under_whole_programme(shaped):
    ctx = _ctx(shaped)
    no_data = i18n.t("dashboard.caption.no_data", "en")
    mood = listening.mood_panel(ctx)
    assert mood.caption != no_data
    by_month: dict[str, list[int]] = {}
    for _city, day, value, _asks, _names in CHECKINS:
        by_month.setdefault(f"{day:%Y-%m}", []).append(value)
    assert list(mood.frame["checkins"]) == [len(by_month[m]) for m in sorted(by_month)]
    assert list(mood.frame["mood"]) == [
        round(sum(by_month[m]) / len(by_month[m]), 2) for m in sorted(by_month)
    ]
    blockers = listening.blockers_panel(ctx)
    named = [c for c in CHECKINS if c[4]]
    label = settings.get_settings(ctx.network.id).tag_label(shaped.tag, "en")
    assert blockers.caption == (
        f"Most named blocker: {label}, {len(named)} times (cities: {len({c[0] for c in named})})."
    )
    # every quarter of the programme drawn, one without the blocker named at zero
    quarters = [f"Q{q} {y}" for y in range(2019, 2023) for q in range(1, 5)]
    times: dict[str, int] = {}
    for _city, day, _mood, _asks, _names in named:
        key = f"Q{(day.month - 1) // 3 + 1} {day.year}"
        times[key] = times.get(key, 0) + 1
    assert list(blockers.frame["quarter"]) == quarters
    assert list(blockers.frame["count"]) == [times.get(q, 0) for q in quarters]
    last = sorted(by_month)[-1]
    assert f"in December 2022 ({len(by_month[last])} check-in);" in mood.caption
    by_city = listening.mood_by_city_panel(ctx)
    assert numbers(by_city.caption)[:2] == [len({c[0] for c in CHECKINS}), 3]
    assert "over the whole programme" in by_city.caption
    # the last 12 months (relative to today) hold none of it: said as no data
    for key in ("mood", "blockers", "help", "mood_by_city"):
        recent = next(p for p in catalog.PANELS if p.key == key).build(_ctx(shaped, "12m"))
        assert recent.caption == no_data, key


def test_help_draws_every_month_of_the_programme_a_month_without_request_at_zero(shaped):
    view = listening.help_panel(_ctx(shaped))
    # from the first check-in's month to the end of the programme's timeline (it ended)
    end = START + dt.timedelta(days=2 * 730 - 1)
    months = months_between(f"{CHECKINS[0][1]:%Y-%m}", f"{end:%Y-%m}")
    asked: dict[str, int] = {}
    for _city, day, _mood, asks, _names in CHECKINS:
        asked[f"{day:%Y-%m}"] = asked.get(f"{day:%Y-%m}", 0) + asks
    assert len(view.frame) == len(months)
    assert list(view.frame["requests"]) == [asked.get(m, 0) for m in months]
    assert view.frame["requests"].iloc[1] == 0  # February 2019: no check-in, drawn at zero
    requests = sum(c[3] for c in CHECKINS)
    cities = len({c[0] for c in CHECKINS if c[3]})
    assert view.caption == (
        f"{requests} requests for help over the whole programme; cities asking: {cities} of 3."
    )


def test_meetings_draw_every_quarter_a_quarter_without_meeting_at_zero(shaped):
    view = engagement_panels.meetings_panel(_ctx(shaped))
    held: dict[str, int] = {}
    for day, _count in PRAIA_MEETINGS + CORK_MEETINGS:
        key = f"Q{(day.month - 1) // 3 + 1} {day.year}"
        held[key] = held.get(key, 0) + 1
    quarters = [f"Q{q} {y}" for y in range(2019, 2023) for q in range(1, 5)]  # to the end
    assert list(view.frame["quarter"]) == quarters
    assert list(view.frame["meetings"]) == [held.get(q, 0) for q in quarters]
    assert dict(zip(view.frame["quarter"], view.frame["meetings"], strict=True))["Q3 2019"] == 0
    assert numbers(view.caption) == [0, 4, 2022, 0, 3]  # Q4 2022: none, in none of 3 cities


def test_a_check_in_dated_later_counts_from_its_day(shaped):
    today = summary.utcnow().date()
    later = Checkin(
        network_id=shaped.coordinator.network_id,
        city_id=shaped.ids["Cork"],
        date=today + dt.timedelta(days=3),
        mood=1,
        help_needed="later",
    )
    store.get().insert_one(collections.CHECKINS, later.to_doc())  # an import may bring one
    found = summary.refresh(shaped.ids["Cork"], today=today)
    assert sum(p.checkins for p in found.checkins_by_month.values()) == 1  # June 2020's only
    assert found.valid_until is not None and found.valid_until <= today + dt.timedelta(days=2)
    shown = listening.help_panel(_ctx(shaped))
    assert shown.frame["requests"].sum() == sum(c[3] for c in CHECKINS)
    after = summary.refresh(shaped.ids["Cork"], today=today + dt.timedelta(days=3))
    assert sum(p.checkins for p in after.checkins_by_month.values()) == 2


# --- moves, members, ties, the header ------------------------------------------------------------


def test_a_city_that_went_back_is_not_counted_as_moving_up(shaped):
    ctx = _ctx(shaped)
    order = [s.key for s in ctx.network.stages]
    up = back = 0
    for city in store.get().find(collections.CITIES, {}):
        entries = sorted(city["stage_history"], key=lambda e: e["entered_at"])
        steps = [
            order.index(b["stage"]) - order.index(a["stage"])
            for a, b in zip(entries, entries[1:], strict=False)
            if a["stage"] != b["stage"]
        ]
        up += bool(steps) and steps[-1] > 0
        back += bool(steps) and steps[-1] < 0
    assert (up, back) == (1, 1)  # Cork up, Praia back (its latest change)
    view = stage_panels.stages_over_time_panel(ctx)
    assert numbers(view.caption)[-3:] == [up, 3, back]
    said = "moved up at least one stage: 1 of 3; that went back to an earlier one: 1"
    assert said in view.caption
    # the network's stored rollup says the same
    stored = dataclasses.replace(ctx, totals=views.totals(shaped.coordinator, views.Filters()))
    assert stage_panels.stages_over_time_panel(stored).caption == view.caption


def test_meeting_attendance_is_never_said_as_members(shaped):
    view = engagement_panels.lag_panel(_ctx(shaped))
    attendees = sum(count for _day, count in PRAIA_MEETINGS)
    mean = attendees / len(PRAIA_MEETINGS)
    assert view.caption == (
        "Cities listing the members of a local action group: 1 of 3 "
        f"({CORK_MEMBERS} members, median). 1 city lists no members but held meetings "
        f"({len(PRAIA_MEETINGS)} in all, {mean:.0f} attendees on average)."
    )
    assert dict(zip(view.frame["lag_size"], view.frame["cities"], strict=True))["0"] == 2


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_methods_that_tie_are_said_as_a_tie(shaped, lang):
    ctx = _ctx(shaped, lang=lang)
    view = methods.methods_panel(ctx)
    validated: dict[str, int] = {}
    for method, _city, verdict in EXPERIMENTS:
        validated[method] = validated.get(method, 0) + (verdict == "validated")
    best = max(validated.values())
    tied = [ctx.network.method(m).label.get(lang) for m in validated if validated[m] == best]
    assert sorted(tied) == sorted(ctx.network.method(m).label.get(lang) for m in TIED)
    for name in tied:
        assert name in view.caption
    assert ctx.network.method("paper_prototype").label.get(lang) not in view.caption
    if lang == "en":
        assert view.caption.endswith(f" tie with {best} validated each.")
        assert ", and " in view.caption  # the list said as English says it
    else:
        assert view.caption.endswith(f" sont à égalité avec {best} validées chacune.")
        assert " et " in view.caption and ", et " not in view.caption


def test_the_header_counts_validated_of_the_citys_experiments(shaped):
    ctx = _ctx(shaped)
    rows = {c.name: c for c in ctx.cities}
    for name in ("Praia", "Cork", "Lyon"):
        mine = [e for e in EXPERIMENTS if e[1] == name]
        total = len(mine) + (2 if name == "Lyon" else 0)
        said = panels.validated_said(
            rows[name].summary.experiments_by_outcome, rows[name].summary.experiments_total, "en"
        )
        if name == "Lyon":
            assert said == f"none of {total} finished yet"
        else:
            validated = sum(1 for e in mine if e[2] == "validated")
            assert said == f"{validated} of {total} ({len(mine)} finished)"
    assert panels.validated_said({}, 0, "fr") == "aucune expérimentation"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_clusters_that_tie_are_said_as_a_tie(shaped, lang):
    ctx = _ctx(shaped, lang=lang)
    view = experiment_panels.outcomes_by_cluster_panel(ctx)
    validated: dict[str, int] = {}
    for _method, city, verdict in EXPERIMENTS:
        cluster = CLUSTERS[city]
        validated[cluster] = validated.get(cluster, 0) + (verdict == "validated")
    best = max(validated.values())
    tied = sorted(c for c, n in validated.items() if n == best)
    assert tied == ["Coastal towns", "Port cities"]
    joined = {"en": " and ", "fr": " et "}[lang]
    assert any(joined.join(order) in view.caption for order in (tied, tied[::-1]))
    each = {"en": f"with {best} each", "fr": f"avec {best} chacune"}[lang]
    assert each in view.caption


def test_a_period_without_meetings_draws_zeros_not_no_data(shaped):
    ctx = _ctx(shaped, "12m")
    view = engagement_panels.meetings_panel(ctx)
    year, month = ctx.today.year - 1, ctx.today.month + 1  # the first of the last 12 months
    year, month = (year + 1, 1) if month > 12 else (year, month)
    quarters = []
    for offset in range(12):
        y, m = year + (month - 1 + offset) // 12, (month - 1 + offset) % 12 + 1
        said = f"Q{(m - 1) // 3 + 1} {y}"
        quarters += [] if said in quarters else [said]
    assert list(view.frame["quarter"]) == quarters
    assert view.frame["meetings"].sum() == 0  # every meeting was in 2019-2020
    assert view.caption.startswith(
        f"0 local action group meetings in {quarters[-1]}; cities that met: 0 of 3"
    )


def test_a_change_of_stage_is_up_or_back_in_the_networks_order():
    from services.network import rollup

    def at(month: int, day: int = 1) -> dt.datetime:
        return dt.datetime(2026, month, day, tzinfo=dt.UTC)

    def changes(history, today=dt.date(2026, 6, 15)) -> dict[str, int]:
        found = rollup.share(
            cluster="",
            country="",
            stage=history[-1][0],
            history=history,
            stage_index=0,
            progress=0.0,
            today=today,
            stages=["define", "engage", "design"],
        )
        return {
            p.split(".")[0] + "." + p.split(".")[-1]: n
            for p, n in found.items()
            if p.startswith(("moved.", "back."))
        }

    up = [("define", at(1)), ("engage", at(2)), ("design", at(3))]
    assert changes(up) == {"moved.2026-03": 1}
    completed = [*up, ("design", at(4))]  # completing the last stage changes no stage
    assert changes(completed) == {"moved.2026-03": 1}
    returned = [*completed, ("engage", at(5))]
    assert changes(returned) == {"back.2026-05": 1}
    again = [*returned, ("design", at(6, 2))]
    assert changes(again) == {"moved.2026-06": 1}
    later = [*returned, ("design", at(7))]  # dated after today: not what happened yet
    assert changes(later) == {"back.2026-05": 1}
    assert changes([("define", at(1))]) == {}  # a first entry is no change
