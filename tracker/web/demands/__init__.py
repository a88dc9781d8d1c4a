"""Demands: the filtered list, the demand page, and recording status updates."""
