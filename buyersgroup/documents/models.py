"""documents models."""
