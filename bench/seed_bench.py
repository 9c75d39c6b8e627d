"""How fast the demo builds at scale, and how fast the home page reads it (prints figures).

    python bench/seed_bench.py [--cities 1000]

Builds the demo network on an embedded store in a temporary directory (the default store, on
disk), then times the home page's reads: the cities a coordinator sees and their table.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from services import wiring  # noqa: E402
from services.accounts import accounts  # noqa: E402
from services.core import store  # noqa: E402
from services.demo import seed as demo  # noqa: E402
from services.network import networks  # noqa: E402

wiring.install()  # what follows every write (services/wiring.py)

PASSWORD = "bench passphrase 2026"
READ_ROUNDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=1000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="atelier-bench-") as data_dir:
        db = store.Store.embedded(pathlib.Path(data_dir))
        store.use(db)
        started = time.perf_counter()
        result = demo.seed(args.cities, password=PASSWORD)
        seconds = time.perf_counter() - started
        documents = sum(result.counts.values())
        print(f"demo with {args.cities} cities on the embedded store: {seconds:.2f} s")
        print(f"  {documents} documents, {documents / seconds:,.0f} documents/s")
        for coll, count in sorted(result.counts.items()):
            print(f"    {coll}: {count}")

        coordinator = accounts.get_user("demo-coordinator")
        network = networks.get_network(coordinator.network_id)
        timings = []
        for _ in range(READ_ROUNDS):
            started = time.perf_counter()
            cities = networks.list_cities(coordinator)
            frame = networks.cities_frame(network, cities, "en")
            timings.append(time.perf_counter() - started)
        assert len(frame) == args.cities
        print(
            f"home page reads for {len(frame)} cities (list_cities + cities_frame): "
            f"best {min(timings) * 1000:.0f} ms, worst {max(timings) * 1000:.0f} ms "
            f"over {READ_ROUNDS} rounds"
        )
        store.use(None)
        db.close()


if __name__ == "__main__":
    main()
