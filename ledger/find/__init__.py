"""Finding claims: full-text search over what was claimed."""
