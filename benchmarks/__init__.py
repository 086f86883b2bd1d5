"""Benchmarks of ledger at scale: `python -m benchmarks.run --size 10k`."""
