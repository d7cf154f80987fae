"""Access control, password policy, sessions and response headers."""
