"""What the cross-city dashboard reads: one small summary per city and the network, never
every plan and experiment (cosmicpython's "views": query exactly what the screen needs).

`load` reads the cities (projected to their name, place, stage, stage history and the summary
fields a view needs, `fields`) and the network; the rows are built straight from the stored
dicts, without validating them again (the summary's writer validated them; a view of 1,000
cities would spend most of its time there). `data_revision` is one read by `_id` that changes
with every write of the network, so that a page can cache `load` by it. `Filters` are the
dashboard's filters, to and from plain query-parameter strings (a bookmark), and `apply`
narrows the cities by them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from models.base import utcnow
from models.city import City, CitySummary
from models.network import Network
from models.user import User
from services.core import collections, permissions, store
from services.core.errors import PermissionDenied
from services.dashboard import summary
from services.network import networks, progress, rollup

CITIES = collections.CITIES
ACTION = "dashboard.read"

# The fields of a city the dashboard reads (its summary holds everything else it needs).
CITY_FIELDS = {
    "name": 1,
    "country": 1,
    "cluster": 1,
    "stage": 1,
    "stage_history.stage": 1,
    "stage_history.entered_at": 1,
}

# Periods a coordinator can look back over: months (None: the whole history).
PERIODS: dict[str, int | None] = {"all": None, "3m": 3, "6m": 6, "12m": 12}


@dataclasses.dataclass(frozen=True)
class CityRow:
    """One city as the dashboard sees it."""

    id: str
    name: str
    country: str
    cluster: str
    stage: str
    history: tuple[tuple[str, dt.datetime], ...]  # (stage, entered at), oldest first
    summary: Summary  # see below

    def days_in_stage(self, today: dt.date) -> int | None:
        """Days since the city entered its current stage (computed when read, never stored)."""
        entered = [at for stage, at in self.history if stage == self.stage]
        return (today - max(entered).date()).days if entered else None

    def days_inactive(self, today: dt.date) -> int | None:
        """Days since the city's last activity (None: it recorded nothing yet)."""
        last = self.summary.last_activity_at
        return (today - last.date()).days if last else None

    def days_since_joined(self, today: dt.date) -> int | None:
        """Days since the city's first stage entry (None without a dated entry)."""
        return (today - self.history[0][1].date()).days if self.history else None


@dataclasses.dataclass(frozen=True)
class Overview:
    """The network and the cities the reader may see, on `today`."""

    network: Network
    cities: tuple[CityRow, ...]
    today: dt.date


def _utc(value: dt.datetime) -> dt.datetime:
    # The store hands datetimes back naive: they were stored as UTC.
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


# CitySummary's fields as a plain frozen dataclass (same names, same defaults): the dashboard's
# read model. Building 1,000 of them from stored dicts costs a few milliseconds; validating (or
# even `model_construct`ing) the pydantic model costs tens.
Summary = dataclasses.make_dataclass(
    "Summary",
    [
        (
            name,
            field.annotation,
            dataclasses.field(default_factory=field.default_factory)
            if field.default_factory is not None
            else dataclasses.field(default=field.default),
        )
        for name, field in CitySummary.model_fields.items()
    ],
    frozen=True,
)
Summary.__module__ = __name__  # so that a cached row pickles (Python 3.12 has `module=`)
Summary.__doc__ = "A city's summary as the dashboard reads it (see models.city.CitySummary)."


def _summary(values: Mapping) -> Summary:
    # Written by the summary's writer from a validated model: taken as stored, not validated
    # again; a field the projection left out keeps its default.
    known = {k: v for k, v in values.items() if k in Summary.__dataclass_fields__}
    last = known.get("last_activity_at")
    if isinstance(last, dt.datetime):
        known["last_activity_at"] = _utc(last)
    return Summary(**known)


def _row(doc: Mapping) -> CityRow:
    history = sorted(
        (
            (e["stage"], _utc(e["entered_at"]))
            for e in doc.get("stage_history") or []
            if e.get("stage") and isinstance(e.get("entered_at"), dt.datetime)
        ),
        key=lambda pair: pair[1],
    )
    return CityRow(
        id=doc["_id"],
        name=doc.get("name", ""),
        country=doc.get("country", ""),
        cluster=doc.get("cluster", ""),
        stage=doc.get("stage", ""),
        history=tuple(history),
        summary=_summary(doc.get("summary") or {}),
    )


def projection(fields: Iterable[str] | None = None) -> dict[str, int]:
    """What `load` reads of a city: CITY_FIELDS and the summary `fields` (None: all of it)."""
    if fields is None:
        return {**CITY_FIELDS, "summary": 1}
    return {**CITY_FIELDS, **{f"summary.{name}": 1 for name in fields}}


def data_revision(network_id: str) -> int:
    """A number that moves with every write to the network's data (one read by `_id`)."""
    return summary.data_revision(network_id)


def refresh_calendar(network_id: str, today: dt.date | None = None) -> int:
    """Bring the summaries whose facts changed with the date alone up to `today` (the
    summary's own writer does it), and build the network's rollup if it is missing; returns
    how many summaries were refreshed."""
    summary.ensure_rollup(network_id)
    return summary.refresh_outdated(network_id, today)


def require_reader(user: User) -> None:
    """Anyone with `dashboard.read`, for all cities or their own (PermissionDenied otherwise)."""
    if permissions.scope(user, ACTION) is None:
        raise PermissionDenied(action=ACTION)


def load(user: User, today: dt.date | None = None, fields: Iterable[str] | None = None) -> Overview:
    """The user's network and the cities they may see on the dashboard, by name (refused
    otherwise); of each summary only `fields` (None: every field; the others keep defaults)."""
    require_reader(user)
    visible = permissions.visible_city_ids(user, ACTION)
    return load_network(user.network_id, today, fields, visible)


def load_network(
    network_id: str,
    today: dt.date | None = None,
    fields: Iterable[str] | None = None,
    city_ids: Iterable[str] | None = None,
) -> Overview:
    """The network and its cities (only `city_ids` when given), as `load` builds them, with no
    reader: for server-side commands (the CLI's `panel`) and for `load` once it checked who
    reads."""
    today = today or utcnow().date()
    network = networks.get_network(network_id)
    where: dict = {"network_id": network_id}
    if city_ids is not None:
        where["_id"] = {"$in": sorted(city_ids)}
    docs = store.get().find(CITIES, where, projection=projection(fields))
    rows = sorted((_row(d) for d in docs), key=lambda row: (row.name, row.id))
    return Overview(network, tuple(rows), today)


def city_row(city: City) -> CityRow:
    """A full city as a dashboard row (a city page's header reads the same facts)."""
    return _row(
        {
            "_id": city.id,
            "name": city.name,
            "country": city.country,
            "cluster": city.cluster,
            "stage": city.stage,
            "stage_history": [
                {"stage": e.stage, "entered_at": e.entered_at} for e in city.stage_history
            ],
            "summary": city.summary.model_dump(),
        }
    )


# --- the rollup: the stage facts of every city, summed ------------------------------------------


@dataclasses.dataclass(frozen=True)
class Totals:
    """The stage facts of the cities a view shows, summed (services/network/rollup.py): how
    many, their clusters and countries, cities per current stage, per month of their first stage
    entry, changes per stage and month, per day they entered their current stage, per month of
    their latest change of stage (up: `moved`, back: `back`), per rank."""

    cities: int = 0
    clusters: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    stages: Mapping[str, int] = dataclasses.field(default_factory=dict)
    first: Mapping[str, int] = dataclasses.field(default_factory=dict)
    delta: Mapping[str, Mapping[str, int]] = dataclasses.field(default_factory=dict)
    entered: Mapping[str, int] = dataclasses.field(default_factory=dict)
    moved: Mapping[str, int] = dataclasses.field(default_factory=dict)
    back: Mapping[str, int] = dataclasses.field(default_factory=dict)
    ranks: Mapping[int, int] = dataclasses.field(default_factory=dict)


def _sum(into: dict, counts: Mapping) -> None:
    for name, n in counts.items():
        into[name] = into.get(name, 0) + n


def totals_of(doc: Mapping, filters: Filters) -> Totals:
    """The cells of a rollup document that match `filters` (cluster, country, stage), summed."""
    cities, clusters, countries = 0, set(), set()
    stages: dict[str, int] = {}
    first: dict[str, int] = {}
    delta: dict[str, dict[str, int]] = {}
    entered: dict[str, int] = {}
    moved: dict[str, int] = {}
    back: dict[str, int] = {}
    ranks: dict[str, int] = {}
    for k, names in (doc.get("cells") or {}).items():
        n = (doc.get("n") or {}).get(k, 0)
        if n <= 0 or any(
            wanted is not None and names.get(field) != wanted
            for field, wanted in (
                ("cluster", filters.cluster),
                ("country", filters.country),
                ("stage", filters.stage),
            )
        ):
            continue
        cities += n
        clusters.add(names.get("cluster") or "")
        countries.add(names.get("country") or "")
        stages[names.get("stage", "")] = stages.get(names.get("stage", ""), 0) + n
        _sum(first, (doc.get("first") or {}).get(k, {}))
        for stage, months in ((doc.get("delta") or {}).get(k) or {}).items():
            _sum(delta.setdefault(stage, {}), months)
        _sum(entered, (doc.get("entered") or {}).get(k, {}))
        _sum(moved, (doc.get("moved") or {}).get(k, {}))
        _sum(back, (doc.get("back") or {}).get(k, {}))
        _sum(ranks, (doc.get("rank") or {}).get(k, {}))
    return Totals(
        cities=cities,
        clusters=tuple(sorted(c for c in clusters if c)),
        countries=tuple(sorted(c for c in countries if c)),
        stages=stages,
        first={m: n for m, n in first.items() if n},
        delta={s: {m: n for m, n in d.items() if n} for s, d in delta.items()},
        entered={d: n for d, n in entered.items() if n},
        moved={m: n for m, n in moved.items() if n},
        back={m: n for m, n in back.items() if n},
        ranks={int(b[1:]): n for b, n in ranks.items() if n},
    )


def rank_of(network: Network, city: CityRow) -> int:
    """Where the city ranks by stage and gate met (as its stored summary says)."""
    return rollup.rank(network.stage_index(city.stage), city.summary.stage_progress, city.id)


def totals_of_rows(network: Network, cities: Iterable[CityRow], today: dt.date) -> Totals:
    """`Totals` of the cities given, computed from them (what the rollup holds for them)."""
    shares = [
        (
            rollup.label(c.cluster, c.country, c.stage),
            rollup.share(
                cluster=c.cluster,
                country=c.country,
                stage=c.stage,
                history=c.history,
                stage_index=network.stage_index(c.stage),
                progress=c.summary.stage_progress,
                today=today,
                stages=[s.key for s in network.stages],
                city_id=c.id,
            ),
        )
        for c in cities
    ]
    return totals_of(rollup.document(network.id, shares), Filters())


def sees_all(user: User) -> bool:
    """Whether the user's dashboard shows every city of the network (what the rollup sums)."""
    return permissions.visible_city_ids(user, ACTION) is None


def totals(user: User, filters: Filters, today: dt.date | None = None) -> Totals:
    """The stage facts of the cities the user sees through `filters`: the network's rollup (one
    read by `_id`) for a reader of every city, else computed from their own cities."""
    require_reader(user)
    if sees_all(user):
        summary.ensure_rollup(user.network_id)
        return totals_of(rollup.stored_part(user.network_id, None) or {}, filters)
    found = load(user, today, ("stage_progress",))
    return totals_of_rows(found.network, apply(found.cities, filters), found.today)


def ranked(user: User, filters: Filters, ranks: Iterable[int]) -> list[CityRow]:
    """The cities the user sees through `filters` whose rank is one of `ranks` (an indexed read of
    those cities alone), with their stage progress."""
    where = {"summary.rank": {"$in": sorted(set(ranks))}}
    return _read_filtered(user, filters, where, ("stage_progress",))


def _read_filtered(user: User, filters: Filters, where: dict, fields: Iterable[str]):
    # The cities the user sees through `filters` that also match `where` (an indexed summary
    # field: the few cities a chart or list names), with the summary `fields`, by name.
    require_reader(user)
    where = {"network_id": user.network_id, **where}
    where.update({k: v for k, v in dataclasses.asdict(filters).items() if k != "period" and v})
    visible = permissions.visible_city_ids(user, ACTION)
    if visible is not None:
        where["_id"] = {"$in": sorted(set(visible) & set(where.get("_id", {}).get("$in", visible)))}
    docs = store.get().find(CITIES, where, projection=projection(fields))
    return sorted((_row(d) for d in docs), key=lambda row: (row.name, row.id))


# --- the sections' tallies: each section's counts, summed (services/network/tallies.py) --------


@dataclasses.dataclass(frozen=True)
class Tally:
    """A section's counts of the cities a view shows, summed over them all (`all`) and by
    cluster (`by_cluster`, "" for cities without one); nested dicts of counts, zeros left out."""

    all: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    by_cluster: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)


def _merge(into: dict, counts: Mapping) -> None:
    for name, value in counts.items():
        if isinstance(value, dict):  # stored documents: plain dicts (an ABC check costs more)
            _merge(into.setdefault(name, {}), value)
        elif value:
            into[name] = into.get(name, 0) + value


def _pruned(counts: Mapping) -> dict:
    found = {}
    for name, value in counts.items():
        value = _pruned(value) if isinstance(value, Mapping) else value
        if value:
            found[name] = value
    return found


def tally_of(doc: Mapping, part: str, filters: Filters) -> Tally:
    """The cells of a section's rollup document that match `filters`, summed."""
    cells = doc.get("cells") or {}
    total: dict = {}
    clusters: dict[str, dict] = {}
    for k, counts in (doc.get(part) or {}).items():
        names = cells.get(k) or {}
        if any(
            wanted is not None and names.get(field) != wanted
            for field, wanted in (
                ("cluster", filters.cluster),
                ("country", filters.country),
                ("stage", filters.stage),
            )
        ):
            continue
        _merge(clusters.setdefault(names.get("cluster") or "", {}), counts)
    for counts in clusters.values():  # a few clusters: the cells are merged once
        _merge(total, counts)
    return Tally(
        _pruned(total), {k: v for k, v in ((k, _pruned(v)) for k, v in clusters.items()) if v}
    )


def tally_of_rows(cities: Iterable[CityRow], part: str) -> Tally:
    """`Tally` of the cities given, from the counts their summaries added to the rollup."""
    prefix = f"{part}."
    shares = [
        (
            rollup.label(c.cluster, c.country, c.stage),
            {path: n for path, n in c.summary.rollup if path.startswith(prefix)},
        )
        for c in cities
    ]
    return tally_of(rollup.document("", shares), part, Filters())


def tally(user: User, filters: Filters, part: str, today: dt.date | None = None) -> Tally:
    """A section's counts of the cities the user sees through `filters`: the section's rollup
    document (one read by `_id`) for a reader of every city, else summed from their cities."""
    require_reader(user)
    if sees_all(user):
        summary.ensure_rollup(user.network_id)
        return tally_of(rollup.stored_part(user.network_id, part) or {}, part, filters)
    found = load(user, today, ("rollup",))
    return tally_of_rows(apply(found.cities, filters), part)


def most_experiments(user: User, filters: Filters, values: Iterable[int]) -> list[CityRow]:
    """The cities the user sees through `filters` whose `most` (tallies.most) is one of
    `values` (an indexed read of those cities alone), with their experiments by outcome."""
    where = {"summary.most": {"$in": sorted(set(values))}}
    fields = ("experiments_total", "experiments_by_outcome", "most")
    return _read_filtered(user, filters, where, fields)


ATTENTION_FIELDS = ("last_activity_at", "attention", "attention_key")


def needing_attention(user: User, filters: Filters, keys: Iterable[str]) -> list[CityRow]:
    """The cities the user sees through `filters` whose attention key (attention_facts.key) is
    one of `keys` (an indexed read of those cities alone), with their reasons."""
    where = {"summary.attention_key": {"$in": sorted(set(keys))}}
    return _read_filtered(user, filters, where, ATTENTION_FIELDS)


def named(user: User, filters: Filters, city_ids: Iterable[str]) -> list[CityRow]:
    """The cities among `city_ids` the user sees through `filters` (read by `_id`), names only."""
    return _read_filtered(user, filters, {"_id": {"$in": sorted(set(city_ids))}}, ())


def tagged(
    user: User, filters: Filters, tags: Iterable[str], fields: Iterable[str]
) -> list[CityRow]:
    """The cities the user sees through `filters` whose summary carries one of `tags`
    (tally_methods: their places in the glance; an indexed read of those cities alone), with
    the summary `fields`."""
    return _read_filtered(user, filters, {"summary.glance": {"$in": sorted(set(tags))}}, fields)


def lowest_mood(user: User, filters: Filters, values: Iterable[int]) -> list[CityRow]:
    """The cities the user sees through `filters` whose mean mood over the filters' period
    falls in one of the bands `values` (summary.mood_by_period; an indexed read of those cities
    alone), with their moods by period."""
    where = {f"summary.mood_by_period.{filters.period}.band": {"$in": sorted(set(values))}}
    return _read_filtered(user, filters, where, ("mood_by_period",))


# --- filters -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Filters:
    """Cluster, country, stage (None: all) and period (a key of PERIODS)."""

    cluster: str | None = None
    country: str | None = None
    stage: str | None = None
    period: str = "all"

    QUERY = ("cluster", "country", "stage", "period")

    @classmethod
    def from_query(cls, params: Mapping[str, str], options: Mapping[str, list[str]]) -> Filters:
        """The filters a URL names (`options`: what `choices` offers); a value that names
        nothing known is ignored."""

        def pick(name: str) -> str | None:
            value = params.get(name)
            return value if value in options[name] else None

        period = params.get("period")
        return cls(
            pick("cluster"), pick("country"), pick("stage"), period if period in PERIODS else "all"
        )

    def to_query(self) -> dict[str, str]:
        """The filters as query parameters (defaults left out, so the URL stays short)."""
        values = dataclasses.asdict(self)
        return {
            k: v for k, v in values.items() if v is not None and not (k == "period" and v == "all")
        }

    def start(self, today: dt.date) -> dt.date | None:
        """The first day of the period (the first of a month), None for the whole history."""
        months = PERIODS.get(self.period)
        if months is None:
            return None
        index = today.year * 12 + today.month - 1 - (months - 1)
        return dt.date(index // 12, index % 12 + 1, 1)


def choices(overview: Overview) -> dict[str, list[str]]:
    """What each filter offers: clusters and countries present, the network's stages, periods."""
    clusters = {c.cluster for c in overview.cities if c.cluster}
    countries = {c.country for c in overview.cities if c.country}
    return choices_of(overview.network, clusters, countries)


def choices_of(network: Network, clusters: Iterable[str], countries: Iterable[str]):
    """`choices` from the clusters and countries present (a rollup's, say)."""
    return {
        "cluster": sorted(set(clusters)),
        "country": sorted(set(countries)),
        "stage": [s.key for s in network.stages],
        "period": list(PERIODS),
    }


def apply(cities: Iterable[CityRow], filters: Filters) -> list[CityRow]:
    """The cities that match every filter set (the period narrows time series, not cities)."""
    return [
        c
        for c in cities
        if (filters.cluster is None or c.cluster == filters.cluster)
        and (filters.country is None or c.country == filters.country)
        and (filters.stage is None or c.stage == filters.stage)
    ]


def expected_stage(network: Network, today: dt.date) -> str | None:
    """The stage the programme timeline expects today (None outside any phase)."""
    found = progress.expected_stage(network, today)
    return found[0] if found else None


def behind(network: Network, city: CityRow, today: dt.date) -> bool:
    """Earlier in the method than the programme timeline expects today."""
    expected = expected_stage(network, today)
    return expected is not None and network.stage_index(city.stage) < network.stage_index(expected)
