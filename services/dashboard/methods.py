"""What works where: per method of the network's list, how many cities tried it and with which
outcomes (from the city summaries), and, on demand for one method, its experiments and the
learning cards they fed (the only read of experiments the dashboard makes, one method's)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from models.base import utcnow
from models.experiment import Experiment, Learning
from models.user import User
from services.core import collections, formats, i18n, permissions, store
from services.dashboard import charts, experiment_panels, panels, views
from services.experiments import outcomes
from services.network import tally_methods

EXPERIMENTS = collections.EXPERIMENTS
LEARNINGS = collections.LEARNINGS
CITIES = collections.CITIES
METHOD_COLUMNS = ["method_key", "method", "cities", "experiments", *outcomes.OUTCOMES]


def methods_frame(ctx: panels.Context) -> pd.DataFrame:
    """One row per method of the network (tried or not): cities that tried it, experiments,
    and experiments per outcome; most tried first (the methods' counts summed:
    services/network/tally_methods.py)."""
    tried = ctx.tally(tally_methods.METHODS).all.get("method", {})
    rows = []
    for method in ctx.network.methods:
        found = tried.get(method.key, {})
        counts = {s: int(found.get("outcome", {}).get(s, 0)) for s in outcomes.OUTCOMES}
        rows.append(
            {
                "method_key": method.key,
                "method": method.label.get(ctx.lang),
                "cities": int(found.get("cities", 0)),
                "experiments": sum(counts.values()),
                **counts,
            }
        )
    frame = pd.DataFrame(rows, columns=METHOD_COLUMNS)
    return frame.sort_values(
        ["cities", "experiments", "method"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def methods_panel(ctx: panels.Context) -> panels.PanelView:
    """The table above and a chart of experiments per method, stacked by outcome."""
    frame = methods_frame(ctx)
    tried = frame[frame["experiments"] > 0]
    if tried.empty:
        return panels.PanelView(
            "methods",
            ctx.t("dashboard.panel.methods"),
            ctx.t("dashboard.caption.no_data"),
            None,
            frame,
            ctx.lang,
        )
    # The method with the most validated experiments; methods that tie are named together.
    best, validated = panels.leaders(zip(tried["method"], tried["validated"], strict=True))
    top = tried[tried["method"] == best[0]].iloc[0]
    key = "methods" if len(best) == 1 else "methods_tie"
    caption = ctx.t(
        f"dashboard.caption.{key if validated else 'methods_none'}",
        tried=len(tried),
        methods=len(frame),
        method=formats.names(best, ctx.lang),
        validated=validated,
        finished=int(top[list(panels.FINISHED)].sum()),
        cities=int(top["cities"]),
    )
    long = []
    for row in tried.itertuples():
        for i, status in enumerate(outcomes.OUTCOMES):
            if getattr(row, status):
                long.append(
                    {
                        "method": row.method,
                        "outcome": ctx.t(f"outcome.{status}"),
                        "experiments": getattr(row, status),
                        "order": i,
                    }
                )
    chart = charts.stacked_bar_chart(
        pd.DataFrame(long),
        category="method",
        value="experiments",
        colour="outcome",
        colour_order=[ctx.t(f"outcome.{s}") for s in outcomes.OUTCOMES],
        colours=[charts.OUTCOME_COLOURS[s] for s in outcomes.OUTCOMES],
        titles={
            "method": panels.column_label("method", ctx.lang),
            "experiments": panels.column_label("experiments", ctx.lang),
            "outcome": panels.column_label("outcome", ctx.lang),
        },
        description=caption,
        lang=ctx.lang,
        category_order=list(tried["method"]),
    )
    return panels.PanelView(
        "methods", ctx.t("dashboard.panel.methods"), caption, chart, frame, ctx.lang
    )


CARD_COLUMNS = [
    "city_id",
    "city",
    "experiment",
    "outcome",
    "learning",
    "decision",
    "confidence",
    "observation",
    "insights",
]


def method_cards(user: User, ctx: panels.Context, method_key: str) -> pd.DataFrame:
    """The experiments of the filtered cities that used `method_key`, each with the learning
    cards it fed (a row without a card when none yet): read now, for this method only."""
    views.require_reader(user)
    names = {c.id: c.name for c in ctx.cities}
    if not names or ctx.network.method(method_key) is None:
        return pd.DataFrame(columns=CARD_COLUMNS)
    db = store.get()
    where = {
        "network_id": ctx.network.id,
        "method_key": method_key,
        "city_id": {"$in": list(names)},
    }
    tests = [Experiment.from_doc(d) for d in db.find(EXPERIMENTS, where)]
    ids = [e.id for e in tests]
    cards = [
        Learning.from_doc(d)
        for d in db.find(LEARNINGS, {"experiment_ids": {"$in": ids}})
        if d.get("city_id") in names
    ]
    rows = []
    for e in sorted(tests, key=lambda e: (names[e.city_id], e.start)):
        fed = [lg for lg in cards if e.id in lg.experiment_ids]
        status = outcomes.outcome(e, ctx.today, fed).status
        base = {
            "city_id": e.city_id,
            "city": names[e.city_id],
            "experiment": e.title,
            "outcome": ctx.t(f"outcome.{status}"),
        }
        if not fed:
            rows.append({**base, **dict.fromkeys(CARD_COLUMNS[4:], "")})
        for lg in fed:
            rows.append(
                {
                    **base,
                    "learning": lg.title,
                    "decision": ctx.t(f"learning.decision.{lg.decision}"),
                    "confidence": ctx.t(f"learning.confidence.{lg.confidence}"),
                    "observation": lg.observation,
                    "insights": lg.insights,
                }
            )
    return pd.DataFrame(rows, columns=CARD_COLUMNS)


# --- at a glance: every method and category, its first cities, outcome and evidence ----------

GLANCE_SHOWN = 5  # cities named per method or category ("and N more")
UNINTENDED_SHOWN = 25  # the newest unintended effects listed
GLANCE_COLUMNS = [
    "kind",
    "key",
    "group",
    "city_id",
    "city",
    "experiments",
    "outcome",
    "evidence_level",
    *outcomes.OUTCOMES,
]
_FIELDS = {
    "method": ("experiments_by_method", "evidence_by_method"),
    "category": ("experiments_by_category", "evidence_by_category"),
}


def _outcome_text(ctx: panels.Context, counts: dict[str, int]) -> str:
    # "2 validated · 1 in progress": the outcomes in the rule's order, counts above zero.
    return " · ".join(
        f"{ctx.n(counts[s])} {ctx.t(f'outcome.{s}').lower()}"
        for s in outcomes.OUTCOMES
        if counts.get(s)
    )


def place(city: views.CityRow, kind: str, key: str) -> int | None:
    """Where the city comes in the glance group (kind, key) (tally_methods.order: highest
    evidence level first, or measured first for an indicator); None: not in it."""
    if kind == "indicator":
        state = (city.summary.indicators or {}).get(key)
        if state is None:
            return None
        state = state if isinstance(state, dict) else state.model_dump()
        return tally_methods.order(int(bool(state.get("by_month"))), city.id)
    tried, levels = _FIELDS[kind]
    if not sum((getattr(city.summary, tried).get(key) or {}).values()):
        return None
    return tally_methods.order(int(getattr(city.summary, levels).get(key) or 0), city.id)


def firsts(
    ctx: panels.Context, groups: list[tuple[str, str]], count: int
) -> dict[tuple[str, str], list[views.CityRow]]:
    """The cities shown in each glance group (kind, key), in the glance's order: every one
    when the cities are in memory, else the first `count`, read by their tags alone (the
    places that hold them summed from the tally)."""
    cities = ctx.cities
    if ctx.tagged is not None:
        places = ctx.tally(tally_methods.METHODS).all.get("order", {})
        tags = []
        for kind, key in groups:
            held = places.get(tally_methods.KINDS[kind], {}).get(key, {})
            covered = 0
            for value, n in sorted((int(o[1:]), n) for o, n in held.items()):
                if covered >= count:
                    break
                tags.append(tally_methods.tag(kind, key, value))
                covered += n
        cities = ctx.tagged(tags) if tags else []
    found = {}
    for kind, key in groups:
        placed = [(place(c, kind, key), c.name, c.id, c) for c in cities]
        ordered = sorted((p for p in placed if p[0] is not None), key=lambda p: p[:3])
        found[(kind, key)] = [p[3] for p in ordered][: None if ctx.tagged is None else count]
    return found


def _labels(ctx: panels.Context) -> list[tuple[str, str, str]]:
    return [("method", m.key, m.label.get(ctx.lang)) for m in ctx.network.methods] + [
        ("category", c.key, experiment_panels.category_label(ctx.network, c.key, ctx.lang))
        for c in ctx.network.assumption_categories
    ]


def glance_frame(ctx: panels.Context) -> pd.DataFrame:
    """One row per (method, city that tried it) and per (assumption category, city that
    tested it): experiments, outcomes, and the highest confirmed evidence level of the learning
    cards they fed (0: none graded). Methods first in the network's order, then categories;
    in each, the highest level first, then a fixed spread of the cities, then by name
    (`firsts`). From the city summaries only: every city in memory, or, for a reader of every
    city, the first GLANCE_SHOWN of each group."""
    labels = _labels(ctx)
    found = firsts(ctx, [(kind, key) for kind, key, _ in labels], GLANCE_SHOWN)
    rows = []
    for kind, key, label in labels:
        tried, levels = _FIELDS[kind]
        for city in found[(kind, key)]:
            counts = getattr(city.summary, tried).get(key) or {}
            rows.append(
                {
                    "kind": kind,
                    "key": key,
                    "group": label,
                    "city_id": city.id,
                    "city": city.name,
                    "experiments": sum(counts.values()),
                    "outcome": _outcome_text(ctx, counts),
                    "evidence_level": int(getattr(city.summary, levels).get(key) or 0),
                    **{s: int(counts.get(s, 0)) for s in outcomes.OUTCOMES},
                }
            )
    return pd.DataFrame(rows, columns=GLANCE_COLUMNS)


def glance_lines(ctx: panels.Context, frame: pd.DataFrame) -> list[tuple[str, str, str]]:
    """The glance as lines a person reads: (kind, method or category, "Ghent: 1 validated,
    evidence 4/5 · Tampere: … · and 12 more"), in the frame's order: its first GLANCE_SHOWN
    cities, and how many more tried it (from the tally)."""
    summed = ctx.tally(tally_methods.METHODS).all
    lines: list[tuple[str, str, str]] = []
    for (kind, key), rows in frame.groupby(["kind", "key"], sort=False):
        parts = [
            ctx.t(
                "dashboard.glance.city",
                city=r.city,
                outcome=r.outcome,
                level=ctx.t("dashboard.glance.level", level=int(r.evidence_level))
                if r.evidence_level
                else ctx.t("dashboard.glance.ungraded"),
            )
            for r in rows.head(GLANCE_SHOWN).itertuples()
        ]
        more = int(summed.get(kind, {}).get(key, {}).get("cities", 0)) - len(parts)
        if more > 0:
            parts.append(ctx.t("dashboard.glance.more", count=more))
        lines.append((kind, rows["group"].iloc[0], " · ".join(parts)))
    return lines


EVIDENCE_KEYS: tuple[str, ...] = ("none", "1", "2", "3", "4", "5")


def evidence_counts(ctx: panels.Context) -> dict[str, int]:
    """The learning cards of the cities shown by confirmed evidence level ("none": not graded)."""
    total = dict.fromkeys(EVIDENCE_KEYS, 0)
    for level, n in ctx.tally(tally_methods.METHODS).all.get("evidence", {}).items():
        total[level] = total.get(level, 0) + int(n)
    return total


def evidence_caption(ctx: panels.Context) -> str:
    """'12 learning cards, 7 graded: 3 at level 4 or 5 (held elsewhere or better).'"""
    counts = evidence_counts(ctx)
    cards = sum(counts.values())
    graded = cards - counts["none"]
    strong = counts["4"] + counts["5"]
    return ctx.t("dashboard.evidence.caption", cards=cards, graded=graded, strong=strong)


UNINTENDED_COLUMNS = ["city_id", "city", "learning", "unintended_effects", "evidence_level", "at"]


def unintended_count(ctx: panels.Context) -> int:
    """How many unintended effects the summaries of the cities shown keep (from the tally)."""
    return int(ctx.tally(tally_methods.METHODS).all.get("unintended", {}).get("n", 0))


def unintended_frame(ctx: panels.Context) -> pd.DataFrame:
    """The unintended effects the cities shown named on a learning card (the newest each
    summary keeps), newest first: every one when the cities are in memory, else the newest
    UNINTENDED_SHOWN, read with the cities whose newest effect is of the latest days alone
    (those that cover UNINTENDED_SHOWN cities hold them). From the city summaries only."""
    cities = ctx.cities
    if ctx.tagged is not None:
        days = ctx.tally(tally_methods.METHODS).all.get("newest", {})
        tags, covered = [], 0
        for day, n in sorted(days.items(), reverse=True):
            if covered >= UNINTENDED_SHOWN:
                break
            tags.append(tally_methods.day_tag(day))
            covered += n
        cities = ctx.tagged(tags) if tags else []
    rows = []
    for city in cities:
        for effect in city.summary.unintended_effects or []:
            found = effect if isinstance(effect, dict) else effect.model_dump()
            rows.append(
                {
                    "city_id": city.id,
                    "city": city.name,
                    "learning": found.get("title", ""),
                    "unintended_effects": found.get("text", ""),
                    "evidence_level": int(found.get("evidence_level") or 0),
                    "at": found.get("at"),
                }
            )
    frame = pd.DataFrame(rows, columns=UNINTENDED_COLUMNS)
    frame = frame.sort_values(["at", "city"], ascending=[False, True], kind="stable")
    if ctx.tagged is not None:
        frame = frame.head(UNINTENDED_SHOWN)
    return frame.reset_index(drop=True)


# --- "has anyone tested X?" --------------------------------------------------------------------

SEARCH_LIMIT = 200  # rows answered; a search this broad needs more words
SEARCH_COLUMNS = ["kind", "city_id", "city", "title", "outcome", "evidence_level", "match"]
# What a search reads: the words of a test card and of a learning card, never the results.
_EXPERIMENT_TEXT = ("title", "hypothesis", "method", "metric", "audience", "comparison_group")
_LEARNING_TEXT = ("title", "observation", "insights", "unintended_effects")


def _snippet(text: str, at: int, size: int) -> str:
    start = max(at - 40, 0)
    end = min(at + size + 40, len(text))
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _match(doc: dict, fields: tuple[str, ...], words: list[str]) -> str | None:
    # Every word somewhere in the card (any case); the snippet is around the first word.
    text = "\n".join(str(doc.get(f) or "") for f in fields)
    folded = text.casefold()
    if not all(w in folded for w in words):
        return None
    at = folded.find(words[0])
    return _snippet(text.replace("\n", " · "), at, len(words[0]))


def search(user: User, text: str, lang: str, today: dt.date | None = None) -> pd.DataFrame:
    """Experiments and learning cards of the user's network, in the cities whose experiments
    they may read, that contain every word of `text` (any case): test cards first, then
    learning cards, by city. The text is compared in Python, never put into a query."""
    views.require_reader(user)
    words = [w.casefold() for w in text.split() if w.strip()]
    if not words:
        return pd.DataFrame(columns=SEARCH_COLUMNS)
    visible = permissions.visible_city_ids(user, "experiment.read")
    where: dict = {"network_id": user.network_id}
    city_where: dict = {"network_id": user.network_id}
    if visible is not None:
        where["city_id"] = {"$in": sorted(visible)}
        city_where["_id"] = {"$in": sorted(visible)}
    db = store.get()
    names = {
        c["_id"]: c.get("name", "") for c in db.find(CITIES, city_where, projection={"name": 1})
    }
    today = today or utcnow().date()
    # The words of every test card first (not its results), then the matches in full.
    words_only = dict.fromkeys(("_id", *_EXPERIMENT_TEXT), 1)
    snippets = {}
    for doc in db.find(EXPERIMENTS, where, projection=words_only):
        snippet = _match(doc, _EXPERIMENT_TEXT, words)
        if snippet is not None:
            snippets[doc["_id"]] = snippet
    matched = db.find(EXPERIMENTS, {"_id": {"$in": sorted(snippets)}}) if snippets else []
    found_tests = [(Experiment.from_doc(d), snippets[d["_id"]]) for d in matched]
    cards = [Learning.from_doc(d) for d in db.find(LEARNINGS, where)]
    rows = []
    for e, snippet in sorted(found_tests, key=lambda p: (names.get(p[0].city_id, ""), p[0].start)):
        fed = [lg for lg in cards if e.id in lg.experiment_ids]
        levels = [lg.evidence_level for lg in fed if lg.evidence_level]
        rows.append(
            {
                "kind": i18n.t("dashboard.search.kind.experiment", lang),
                "city_id": e.city_id,
                "city": names.get(e.city_id, ""),
                "title": e.title,
                "outcome": i18n.t(f"outcome.{outcomes.outcome(e, today, fed).status}", lang),
                "evidence_level": max(levels, default=0),
                "match": snippet,
            }
        )
    for lg in sorted(cards, key=lambda c: (names.get(c.city_id, ""), c.created_at)):
        snippet = _match(lg.to_doc(), _LEARNING_TEXT, words)
        if snippet is None:
            continue
        rows.append(
            {
                "kind": i18n.t("dashboard.search.kind.learning", lang),
                "city_id": lg.city_id,
                "city": names.get(lg.city_id, ""),
                "title": lg.title,
                "outcome": i18n.t(f"learning.decision.{lg.decision}", lang),
                "evidence_level": lg.evidence_level or 0,
                "match": snippet,
            }
        )
    return pd.DataFrame(rows[:SEARCH_LIMIT], columns=SEARCH_COLUMNS)
