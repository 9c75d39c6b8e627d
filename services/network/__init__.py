"""The network and its cities: settings, stage progress, the per-city summary."""
