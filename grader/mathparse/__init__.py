"""mathparse"""
