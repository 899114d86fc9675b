"""What is known of the source of the suggestions: its profile (themes, needs, offers, languages, networks,
countries sought) and its current partners and dismissals (selectors over public records)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from mostovi.directory.models import Country, NetworkMembership, Organisation, OrganisationKind
from mostovi.directory.selectors import authority_languages
from mostovi.partnerships.models import PartnershipMember
from mostovi.projects.models import Project, ProjectPartner, Visibility
from mostovi.themes.catalogue import THEMES

from ..models import Post, PostKind, PostStatus, SuggestionDismissal
from .scoring import SIZE_BANDS, Profile, _location, country_languages, normalise_language

# --- Loading (selectors) ---------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _open_post_filter(prefix: str = "") -> dict:
    """Open posts: `status=open`, not deleted, `valid_until` today or later (`prefix`: path to the post)."""
    return {
        f"{prefix}deleted_at__isnull": True,
        f"{prefix}status": PostStatus.OPEN,
        f"{prefix}valid_until__gte": _today(),
    }


def open_posts():
    return Post.objects.filter(**_open_post_filter())


def _public_projects():
    """Projects anyone may see: only their themes are used, as a sign of interest."""
    return Project.objects.alive().filter(visibility=Visibility.PUBLIC, published_at__isnull=False)


def _authorities():
    return Organisation.objects.alive().filter(kind=OrganisationKind.LOCAL_AUTHORITY)


def _theme_slugs(values) -> set[str]:
    return {value for value in values or () if isinstance(value, str) and value in THEMES}


def _languages(values) -> set[str]:
    return {normalise_language(value) for value in values or () if isinstance(value, str) and value}


def _networks_of(authority_id: int) -> tuple[frozenset[int], frozenset[int], dict[int, set[int]]]:
    """The networks of an authority (direct and through its associations), the direct ones, and every
    network's parents."""
    parents: dict[int, set[int]] = {}
    for member_id, network_id in NetworkMembership.objects.exclude(
        member__kind=OrganisationKind.LOCAL_AUTHORITY
    ).values_list("member_id", "network_id"):
        parents.setdefault(member_id, set()).add(network_id)
    direct = set(
        NetworkMembership.objects.filter(member_id=authority_id).values_list("network_id", flat=True)
    )
    expanded = set(direct)
    for network_id in direct:
        expanded |= parents.get(network_id, set())
    return frozenset(expanded), frozenset(direct), parents


def _partners_of(authority_id: int) -> set[int]:
    """Its current partners in the public records: partnerships not deleted (a public register) and the
    partners of its public projects. Suggestions are public: a private or draft project never changes them,
    else a partner vanishing from the list would reveal the project."""
    partnership_ids = PartnershipMember.objects.filter(
        authority_id=authority_id, partnership__deleted_at__isnull=True
    ).values("partnership_id")
    partners = set(
        PartnershipMember.objects.filter(partnership_id__in=partnership_ids).values_list(
            "authority_id", flat=True
        )
    )
    project_ids = ProjectPartner.objects.filter(
        authority_id=authority_id, project__in=_public_projects()
    ).values("project_id")
    partners |= set(
        ProjectPartner.objects.filter(project_id__in=project_ids).values_list("authority_id", flat=True)
    )
    partners.discard(authority_id)
    return partners


def _dismissed_by(authority_id: int) -> set[int]:
    """The authorities it marked 'not relevant' (`suggestion_dismiss`)."""
    return set(
        SuggestionDismissal.objects.filter(authority_id=authority_id).values_list("suggested_id", flat=True)
    )


def _countries(values) -> tuple[str, ...]:
    return tuple(code for code in values or () if isinstance(code, str) and code in Country)


def authority_profile(authority: Organisation) -> tuple[Profile, dict[int, set[int]]]:
    """What an authority says it wants: the themes, languages and countries of its open posts, the themes of
    its partnerships and public projects. The countries sought hold only when every open post names some (a
    post open to any country leaves them open)."""
    themes: set[str] = set()
    needs: set[str] = set()
    offers: set[str] = set()
    # The languages in official use in the authority itself (directory), with its country's when certain.
    languages = set(country_languages(authority.country)) | authority_languages(authority)
    sought: set[str] = set()
    open_to_any = False
    for kind, slug, working, language, countries in (
        open_posts()
        .filter(authority=authority)
        .values_list("kind", "themes__slug", "working_languages", "language", "countries_sought")
    ):
        languages |= _languages(working) | _languages([language])
        countries = _countries(countries)
        sought |= set(countries)
        open_to_any |= not countries
        if slug:
            themes.add(slug)
            (needs if kind == PostKind.NEED else offers).add(slug)
    themes |= _theme_slugs(
        PartnershipMember.objects.filter(
            authority=authority, partnership__deleted_at__isnull=True
        ).values_list("partnership__themes__slug", flat=True)
    )
    for project_themes in (
        _public_projects().filter(partners__authority=authority).values_list("themes", flat=True)
    ):
        themes |= _theme_slugs(project_themes)
    networks, direct, parents = _networks_of(authority.pk)
    profile = Profile(
        authority_id=authority.pk,
        country=authority.country,
        population=authority.population,
        location=_location(authority.latitude, authority.longitude),
        themes=frozenset(themes),
        needs=frozenset(needs),
        offers=frozenset(offers),
        languages=frozenset(languages),
        networks=networks,
        direct_networks=direct,
        countries_sought=() if open_to_any else tuple(sorted(sought)),
    )
    return profile, parents


def post_profile(post: Post) -> tuple[Profile, dict[int, set[int]]]:
    authority = post.authority
    themes = frozenset(post.themes.values_list("slug", flat=True))
    languages = set(country_languages(authority.country)) | authority_languages(authority)
    languages |= _languages(post.working_languages)
    languages |= _languages([post.language])
    networks, direct, parents = _networks_of(authority.pk)
    profile = Profile(
        authority_id=authority.pk,
        country=authority.country,
        population=authority.population,
        location=_location(authority.latitude, authority.longitude),
        themes=themes,
        needs=themes if post.kind == PostKind.NEED else frozenset(),
        offers=themes if post.kind == PostKind.OFFER else frozenset(),
        languages=frozenset(languages),
        networks=networks,
        direct_networks=direct,
        post_kind=post.kind,
        countries_sought=_countries(post.countries_sought),
        partner_size=post.partner_size if post.partner_size in SIZE_BANDS else "",
    )
    return profile, parents
