"""Certificate documents: the PDF, the signed Open Badges credential, and the signing key."""
