"""HTTP routes: thin, they parse, authorise, call `platform` and shape the response."""
