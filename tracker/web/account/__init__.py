"""The signed-in user's own account: password and personal API tokens."""
