"""A flush (tests, resets) empties every table; the seeded rulebook and legal bases come back with it,
so whatever runs next in the same database sees the same law as after migrate."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from discipline.models import SanctionForm
from reports.models import LegalBasis


@pytest.mark.django_db(transaction=True)
def test_legal_bases_and_the_rulebook_survive_a_flush():
    bases = sorted(LegalBasis.objects.values_list("text", flat=True))
    assert bases and SanctionForm.objects.exists()
    call_command("flush", "--noinput", verbosity=0)
    assert sorted(LegalBasis.objects.values_list("text", flat=True)) == bases
    assert SanctionForm.objects.exists()
    assert LegalBasis.objects.filter(replaced_by__isnull=False).exists()
