"""Built-in audits."""
