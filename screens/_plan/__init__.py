"""Plan page helpers: section views and forms, exports."""
