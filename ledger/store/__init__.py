"""Storage: engine, tables, schema migrations and the hash-chained journal."""
