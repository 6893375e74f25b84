"""A faithful copy of the old realtime design, served beside the real routes for comparison.

The old design: webhooks appended each update to one list in the Django cache
(read-modify-write), and every open stream was a synchronous generator that slept 2 s,
re-read the whole list and yielded what was newer than what it had sent.
"""
