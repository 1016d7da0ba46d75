"""Derivation checking: following a student's lines and grading derivation problems."""
