"""Data in and out: the whole store as JSON, results as CSV, the plan as a document."""
