"""Case summaries must not identify the patient."""

import pytest

from ims_training.domain.patient_identifiers import identifier_kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Patient 01019912345 seen", "national_id"),
        ("fnr 010199 12345", "national_id"),
        ("mail ola@example.org", "email"),
        ("ring 912 34 567", "phone"),
        ("tlf +47 91234567", "phone"),
    ],
)
def test_identifiers_are_found(text, kind):
    assert kind in identifier_kinds(text)


def test_a_clinical_summary_without_identifiers_passes():
    text = "Chronic L5 radiculopathy, 3 sessions of 30 minutes; paraspinals at L4-L5 treated, VAS 7 to 3."
    assert identifier_kinds(text) == []
