"""Downloading follow-up reports."""
