"""Section tree (placeholder being replaced)."""
