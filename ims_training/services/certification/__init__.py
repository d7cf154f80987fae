"""Certification: programs, certificates and their documents, renewal, public verification."""
