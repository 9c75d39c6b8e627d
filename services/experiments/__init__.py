"""Assumptions, experiments, results, learnings, the outcome rule, the city's story."""
