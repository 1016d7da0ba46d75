"""The math engine: evaluating, comparing and bounding parsed expressions with SymPy."""
