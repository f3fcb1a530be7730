"""The `openmini` command."""
