"""Mail: SMTP settings and sending (standard library), the digest message, signed unsubscribe
links, and the digest run that commits around each send."""
