"""Built-in cards plugins."""
