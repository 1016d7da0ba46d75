"""Presentation: reports rendered from templates, labels, numbers, math and plots."""
