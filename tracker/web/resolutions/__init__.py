"""Resolutions: list, detail and import."""
