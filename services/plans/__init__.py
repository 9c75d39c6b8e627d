"""The city's plan: sections, versions, merge, charts."""
