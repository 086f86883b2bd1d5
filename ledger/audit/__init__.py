"""Tamper evidence: replaying the journal against the tables."""
