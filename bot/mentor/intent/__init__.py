"""Misuse by intent: what a request would enable and against whose systems (issue 15)."""
