"""Places: the gazetteer and name resolution."""
