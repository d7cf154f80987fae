"""Training partners, their cohorts and the cohort report."""
