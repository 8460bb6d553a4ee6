"""targets (in progress)."""
