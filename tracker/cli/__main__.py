"""`python -m tracker.cli`: the same command as the `tracker` script."""

from tracker.cli import main

main()
