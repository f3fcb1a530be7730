"""The domain: services the host and developers' backends use. Plain Python, no HTTP objects."""
