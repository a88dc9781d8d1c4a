"""Actors: the list and one actor's page."""
