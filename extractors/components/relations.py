"""relations (in progress)."""
