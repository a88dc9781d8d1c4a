"""Events: list, page, create and edit."""
