"""Hostile submissions: every attack is contained, and the rest of the submission keeps its marks."""
