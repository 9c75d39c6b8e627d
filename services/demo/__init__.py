"""The demo network: deterministic, bilingual, with 18 months of history."""
