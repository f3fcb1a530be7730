"""Helpers shared by the test suite: real services started on loopback."""
