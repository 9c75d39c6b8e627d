"""The cross-city dashboard: reads of the city summaries, panels, what works where, attention."""
