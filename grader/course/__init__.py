"""What a problem is, the course's problems, and the rubric."""
