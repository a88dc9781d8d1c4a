"""Services: the only code that changes data. Each takes the session and `actor=user`, adds and
flushes, and never commits: the request, the command or the test decides."""
