"""Accounts: registration, log-in, passwords, roles, server-side sessions."""
