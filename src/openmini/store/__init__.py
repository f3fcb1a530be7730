"""Persistence without domain knowledge: the database and the blob store."""
