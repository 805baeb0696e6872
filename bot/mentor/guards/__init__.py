"""Guards on an LLM draft, one module per concern: output safety, integrity, sections."""
