"""Use cases shared by the CLI and the web: load inputs, call the domain, save results."""
