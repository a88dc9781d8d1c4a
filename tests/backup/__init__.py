"""Backup, restore, and surviving faults, on SQLite and PostgreSQL."""
