"""The record: claims, actors, sources, corrections, verdicts, history and lookups."""
