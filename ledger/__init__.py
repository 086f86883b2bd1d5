"""ledger: a claim-and-counterclaim verification ledger for fact-checkers."""

__version__ = "0.1.0"
