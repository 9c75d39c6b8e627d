"""Experiments, record and story page helpers: cached reads, labels, small widgets."""
