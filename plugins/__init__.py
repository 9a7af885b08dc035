"""Built-in plugins: each module registers its components through the public hooks."""
