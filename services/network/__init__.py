"""The network and its cities: settings, stage progress, the per-city summary."""

# The summary registers itself with records on import: any write that can change a city's
# summary loads this package first (every capability that writes imports it).
from services.network import summary as summary  # noqa: F401
