"""Built-in dedupers plugins."""
