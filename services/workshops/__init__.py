"""Workshops: facilitated sessions whose results land in the plan."""
