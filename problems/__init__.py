"""The course's problems: one declarative module per problem, each defining ``PROBLEM``."""
