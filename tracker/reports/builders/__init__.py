"""The builders: they read the database into the frozen data that the renderers write.

Everything else in tracker.reports is a renderer and imports no models, database or web code
(tracker.reports.build and tracker.reports.briefing_build only name the builders' entry points).
"""
