"""What every part of the demo is built from: the random source, the demo's "now", the network,
its cities and accounts (services/demo/seed.py builds it and lists the parts)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from models.city import City
from models.user import User


@dataclass
class DemoContext:
    """What extensions get: the seeded random source and what the core demo built."""

    rng: random.Random
    anchor: dt.datetime  # "now" of the demo: history runs over the 18 months before it
    network: object
    cities: list[City]
    users: list[User]

    def day(self, days_ago: float) -> dt.datetime:
        return self.anchor - dt.timedelta(days=days_ago)

    def users_of(self, city_id: str, role: str) -> list[User]:
        # Indexed once by city and role (a scan per call made 10,000 cities quadratic); the
        # index is rebuilt when users were added since.
        if getattr(self, "_users_seen", None) != len(self.users):
            index: dict[tuple[str, str], list[User]] = {}
            for u in self.users:
                for cid in dict.fromkeys(u.city_ids):
                    index.setdefault((cid, u.role), []).append(u)
            self._users_index, self._users_seen = index, len(self.users)
        return list(self._users_index.get((city_id, role), []))


# A part of the demo adds its documents, by collection, to the demo being built (in place);
# a later part may read what the earlier ones added.
Part = Callable[[DemoContext, dict[str, list[dict]]], None]
