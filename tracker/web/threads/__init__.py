"""Threads: the same demand across resolutions."""
