"""Presentation: reports rendered from templates, labels, math and plots."""
