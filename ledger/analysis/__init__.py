"""Analysis of the claim graph: disputed points and their resolutions."""
