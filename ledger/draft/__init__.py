"""Drafting claims from a news article: a reviewable `ledger/1` document, never a write.

`text` reads the file (plain text or saved HTML), `sentences` splits it into sentences and
clauses, `attribution` finds who asserts each clause, `claimants`, `places`, `dates` and
`figures` resolve what a clause names, `links` proposes relations, `build` puts a draft
together and `writer` renders it as YAML for a fact-checker to review and import.
"""
