"""How the capabilities are put together, in one place: what follows every write.

Derived data (a city's summary, the network's rollup and data revision) follows the documents
through one mechanism: the handlers listed here run after every write through
services/core/records.py, each given the written document. Core imports no capability, so the
list lives here, above every package, and each entry point installs it once: app.py (the app),
services/cli.py (scripts and cron), tests/conftest.py (the tests), bench/ (measurements).
records refuses to write before it is installed, so a forgotten install cannot leave a summary
stale. The dashboard's panels are listed in services/dashboard/catalog.py and the demo's parts
in services/demo/seed.py.
"""

from __future__ import annotations

from services.core import records
from services.dashboard import summary

AFTER_WRITE: tuple[records.AfterWrite, ...] = (summary.after_write,)


def install() -> None:
    """Install the after-write handlers (idempotent: every run of app.py calls it)."""
    for handler in AFTER_WRITE:
        records.after_write(handler)
