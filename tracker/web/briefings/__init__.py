"""Briefings before a debate."""
