"""Network page helpers: stage progress."""
