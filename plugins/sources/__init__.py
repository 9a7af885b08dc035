"""Built-in sources plugins."""
