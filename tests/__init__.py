"""The tests (tiers: unit, integration, ui, e2e)."""

import sys

# Compiled modules are kept (__pycache__, git-ignored) even where the environment asks Python
# not to write them (PYTHONDONTWRITEBYTECODE, set on these machines): each test process imports
# the services and the test modules, and compiling them again on every run cost the unit tier
# about 5 of its 60 CPU seconds. Set here, before any of them is imported.
sys.dont_write_bytecode = False
