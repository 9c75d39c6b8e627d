"""Helpers of the check-in and reports pages."""
