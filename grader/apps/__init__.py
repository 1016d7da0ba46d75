"""The applications: the CLI, batch grading, the gradebook, Gradescope and the student kit."""
