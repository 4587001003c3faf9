"""The end-of-day screen: the day's closing report and its print-out.

What belongs here: the end-of-day dialog and its view-model.
"""
