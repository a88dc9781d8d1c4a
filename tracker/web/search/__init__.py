"""Search: one box over every record, results grouped by kind with facets."""
