"""Follow-up reports: one data snapshot built from the database, rendered by pure renderers."""
