"""The interchange formats: ledger documents (YAML, JSON, JSON Lines), CSV and ClaimReview."""
