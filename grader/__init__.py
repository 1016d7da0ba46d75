"""grader: an automated homework grader and derivation checker for a first deep-learning course."""

__version__ = "0.1.0"
