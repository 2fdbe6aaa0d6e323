"""taxonomy models."""
