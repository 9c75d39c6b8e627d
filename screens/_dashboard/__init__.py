"""Dashboard page helpers: cached reads, filters in the URL, panels, a city's header."""
