"""A late target's page offers its officer the return's "propose a revised deadline"."""

from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from returns.models import AreaReturn
from targets.models import Target
from tests.factories import senior_manager


def test_a_late_targets_page_links_to_proposing_a_revised_deadline_in_the_open_return(
    client: Client, officer, cwb: AreaReturn
) -> None:
    late = Target.objects.get(ref="CWB-T1")  # due in summer 2021: late today
    client.force_login(officer)
    response = client.get(reverse("targets:detail", args=[late.pk]))
    assertContains(response, reverse("returns:propose", args=[cwb.pk, late.pk]))
    assertContains(response, "propose a revised deadline")
    assert cwb.of_return.is_open


def test_no_proposal_link_for_someone_who_cannot_work_on_the_return(
    client: Client, cwb: AreaReturn
) -> None:
    late = Target.objects.get(ref="CWB-T1")
    client.force_login(senior_manager())
    response = client.get(reverse("targets:detail", args=[late.pk]))
    assertNotContains(response, reverse("returns:propose", args=[cwb.pk, late.pk]))
    assertContains(response, "so it stays red whatever an update reports")
