"""Crashes while being imported."""
import numpy as np

raise RuntimeError("I forgot to finish this file")
