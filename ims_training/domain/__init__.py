"""Pure rules of the portal: grading, attempts, eligibility, certificates, statistics."""
