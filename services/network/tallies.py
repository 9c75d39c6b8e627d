"""What the dashboard's sections sum across cities: each city's counts by path, added to the
network's rollup (services/network/rollup.py) with its stage share, so that a section's view
reads one small document (its cells summed) however many cities there are.

The experiments section (`exp`), per cell of a city's cluster, country and current stage:

    exp.<cell>.cities                     1: the city
    exp.<cell>.tried                      1: it has experiments
    exp.<cell>.outcome.<status>           its experiments by outcome
    exp.<cell>.category.<key>.<status>    by assumption category ("none") and outcome
    exp.<cell>.decision.<decision>        its learning cards by decision
    exp.<cell>.riskiest.total / .tested   its riskiest assumptions, and those tested
    exp.<cell>.top.m<most>                1: `most` (its number of experiments, then a fixed
                                          share of the ties), when it has experiments, so
                                          that the cities with the most are read alone (by
                                          an index on `summary.most`, a few more than shown)

Every count comes from the city's summary, as computed by its one writer
(services/network/summary.py), which calls `share` and stores the result with the stage share.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.network import rollup, tally_eng, tally_methods, tally_plans

EXPERIMENTS = "exp"
TIES = 64  # cities with as many experiments are spread over this many values of `most`


def most(city_id: str, experiments: int) -> int:
    """Orders cities by their number of experiments, then those with as many by a fixed
    spread of their ids (so that a few of them, not all, are read to draw the first ones)."""
    return experiments * TIES + rollup.spread(city_id, TIES)


def top_bucket(value: int) -> str:
    """A value of `most` as a field name."""
    return f"m{value}"


def experiments_share(cell: str, values: Mapping[str, Any]) -> dict[str, int]:
    """A city's counts for the experiments section, by path, from its summary's `values`
    (with its `most`)."""
    k = f"{EXPERIMENTS}.{cell}"
    found: dict[str, int] = {f"{k}.cities": 1}
    total = int(values.get("experiments_total") or 0)
    if total:
        found[f"{k}.tried"] = 1
        found[f"{k}.top.{top_bucket(int(values['most']))}"] = 1
    for status, n in (values.get("experiments_by_outcome") or {}).items():
        found[f"{k}.outcome.{status}"] = int(n)
    for category, counts in (values.get("experiments_by_category") or {}).items():
        for status, n in counts.items():
            found[f"{k}.category.{category}.{status}"] = int(n)
    for decision, n in (values.get("decisions") or {}).items():
        found[f"{k}.decision.{decision}"] = int(n)
    found[f"{k}.riskiest.total"] = int(values.get("riskiest_total") or 0)
    found[f"{k}.riskiest.tested"] = int(values.get("riskiest_tested") or 0)
    return {path: n for path, n in found.items() if n}


def share(cell: str, values: Mapping[str, Any]) -> dict[str, int]:
    """Every section's counts of one city (`values`: its summary's fields), by path."""
    return {
        **experiments_share(cell, values),
        **tally_eng.engagement_share(cell, values),
        **tally_plans.share(cell, values),
        **tally_methods.methods_share(cell, values),
    }
