"""Lyon and Niš with a project (its mission and programme) and an exchange post of Lyon."""

from dataclasses import dataclass

from mostovi.accounts.models import MembershipStatus, Role
from mostovi.accounts.tests.factories import MembershipFactory
from mostovi.exchange.tests.factories import make_post
from mostovi.projects import services as project_services
from mostovi.projects.selectors import mission_current
from mostovi.projects.tests.factories import bring_to_joint_definition, make_project
from mostovi.projects.tests.factories import make_world as make_project_world


@dataclass
class Scene:
    world: object
    project: object
    mission: object
    post: object
    observer_nis: object


def make_scene() -> Scene:
    world = make_project_world()
    project = make_project(world, visibility="public")
    bring_to_joint_definition(world, project)
    project_services.programme_update(
        actor=world.officer_lyon,
        project=project,
        version=0,
        actions=[],
        objectives="Réduire les pertes d'eau.",
    )
    post = make_post(world, themes=["water-sanitation"])
    return Scene(
        world=world,
        project=project,
        mission=mission_current(project=project.__class__.objects.get(pk=project.pk)),
        post=post,
        observer_nis=MembershipFactory(organisation=world.nis, role=Role.OBSERVER).user,
    )


def provisional_member(world, authority, project_id):
    return MembershipFactory(
        organisation=authority,
        role=Role.OFFICER,
        status=MembershipStatus.PROVISIONAL,
        project_scope=project_id,
    ).user
