// A hostile mini program: every page tries to break one of DESIGN.md's security invariants and
// writes what happened into its data, where tests/e2e/test_isolation.py reads it.
App({ secret: 'app-a-memory-secret' })
