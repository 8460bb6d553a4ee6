"""entities (in progress)."""
