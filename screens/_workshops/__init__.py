"""Helpers of the workshop pages (facilitator board, participant page)."""
