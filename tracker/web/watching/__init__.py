"""Watchlists on the web: Watch buttons, /watching (list, remove, digest settings, feed token),
the personal Atom feed, and the one-click unsubscribe link of the digest mail."""
