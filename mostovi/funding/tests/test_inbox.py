"""A funding plan version waiting for an authority's approval is in the workspace of who may approve it."""

import pytest
from django.urls import reverse

from mostovi.core.inbox import inbox_for
from mostovi.projects.models import Phase, Project

from .test_plan_world import plan_world, save_balanced

pytestmark = pytest.mark.django_db


def test_the_plan_to_approve_waits_for_the_elected_officials_only():
    world, project, instrument = plan_world()
    save_balanced(world, project, instrument)
    Project.objects.filter(pk=project.pk).update(phase=Phase.FUNDING)
    items = [i for i in inbox_for(world.elected_nis) if i["kind"] == "funding_plan_approval"]
    assert [(i["project_id"], i["url"]) for i in items] == [
        (project.pk, reverse("funding:plan_detail", args=[project.pk]))
    ]
    assert "Ниш" in items[0]["title"]
    # An officer without delegation does not approve: nothing waits for them.
    assert not [i for i in inbox_for(world.officer_nis) if i["kind"] == "funding_plan_approval"]
