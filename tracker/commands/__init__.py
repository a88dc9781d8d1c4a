"""CLI command groups that live outside tracker/cli.py, one module per area."""
