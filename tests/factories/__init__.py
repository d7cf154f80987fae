"""Test data factories, one module per feature."""
