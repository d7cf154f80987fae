"""Certification evidence: sign-offs, clinical cases, licences, eligibility, staff corrections."""
