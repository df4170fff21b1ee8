"""Forecasts and their scores (chapter 8): the article's expectations, Brier scores, a calculator.

``scores``
    The expectations read from Pierini (2022) as forecasts, and Brier scores.
``charts``
    The in-browser Brier-score calculator.
"""
