"""Built-in trainers: reference models fine-tuned on a release."""
