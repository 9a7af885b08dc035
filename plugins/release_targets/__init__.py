"""Built-in release targets plugins."""
