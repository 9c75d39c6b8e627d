"""Listening and reporting: check-ins, the reporting calendar, reports that draft themselves,
compliance, and report exports."""
