"""Built-in audits: PII, bias, toxicity."""
