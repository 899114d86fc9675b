import pytest

from mostovi.directory.models import Level, NetworkMembership, OrganisationKind
from mostovi.directory.selectors import (
    _upper_bound,
    authority_search,
    authority_search_count,
    network_list,
    organisation_detail,
)
from mostovi.directory.services import search_terms_rebuild
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory

pytestmark = pytest.mark.django_db

NIS_MUNICIPALITIES = [
    ("Медијана", "Medijana", 85_969),
    ("Палилула", "Palilula", 73_801),
    ("Пантелеј", "Pantelej", 53_486),
    ("Црвени Крст", "Crveni Krst", 32_301),
    ("Нишка Бања", "Niška Banja", 14_680),
]


def build_world() -> dict:
    """A small directory: Niš and its city municipalities, Belgrade, Sofia, Saint-Étienne, a few others."""
    world = {}
    world["nis"] = AuthorityFactory(
        name="Ниш",
        name_latin="Niš",
        country="RS",
        level=Level.CITY,
        code="70165",
        population=260_237,
        latitude=43.3209,
        longitude=21.8958,
    )
    world["nis_municipalities"] = [
        AuthorityFactory(
            name=name,
            name_latin=latin,
            country="RS",
            level=Level.CITY_MUNICIPALITY,
            parent=world["nis"],
            population=population,
        )
        for name, latin, population in NIS_MUNICIPALITIES
    ]
    world["belgrade"] = AuthorityFactory(
        name="Београд", name_latin="Beograd", country="RS", level=Level.CITY, population=1_681_405
    )
    world["belgrade_municipalities"] = [
        AuthorityFactory(
            name=name,
            name_latin=latin,
            country="RS",
            level=Level.CITY_MUNICIPALITY,
            parent=world["belgrade"],
            population=population,
        )
        for name, latin, population in [
            ("Нови Београд", "Novi Beograd", 209_763),
            ("Стари град", "Stari grad", 45_492),
        ]
    ]
    world["sofia"] = AuthorityFactory(
        name="Столична", name_latin="Stolichna", country="BG", level=Level.MUNICIPALITY, population=1_248_452
    )
    world["saint_etienne"] = AuthorityFactory(
        name="Saint-Étienne", country="FR", level=Level.MUNICIPALITY, code="42218", population=173_089
    )
    world["nice"] = AuthorityFactory(name="Nice", country="FR", code="06088", population=348_085)
    world["nisava"] = AuthorityFactory(name="Nisava", country="FR", population=1_200)
    search_terms_rebuild(
        [world["sofia"], world["belgrade"]],
        aliases={world["sofia"].pk: ["Sofia", "София"], world["belgrade"].pk: ["Belgrade"]},
    )
    return world


@pytest.fixture
def world():
    return build_world()


def names(queryset) -> list[str]:
    return [o.name_latin or o.name for o in queryset]


@pytest.mark.parametrize("q", ["Nis", "Niš", "Ниш", "nis", "NIŠ", "  niš  "])
def test_search_finds_the_city_of_nis_first_whatever_the_script_and_diacritics(world, q):
    results = list(authority_search(q=q))
    assert results[0] == world["nis"]
    assert results[0].level == Level.CITY


def test_search_by_prefix_finds_nis_while_typing(world):
    # All three start with "ni": authorities before sub-units, then the larger first.
    assert names(authority_search(q="Ni")[:4]) == ["Nice", "Niš", "Nisava", "Niška Banja"]


def test_search_ranks_the_exact_name_before_names_that_start_with_it(world):
    # "Niš" (exact), then names starting with "nis": authorities before sub-units.
    assert names(authority_search(q="nis")) == ["Niš", "Nisava", "Niška Banja"]


def test_search_ranks_an_exact_name_before_a_longer_name_with_the_same_start(world):
    small = AuthorityFactory(name="Nišville", country="RS", population=1_000_000)
    results = names(authority_search(q="Niš"))
    assert results.index("Niš") < results.index(small.name)


def test_search_ranks_a_word_inside_a_name_after_name_starts(world):
    AuthorityFactory(name="Grand Stari", country="FR", population=9_000_000)
    assert names(authority_search(q="stari")) == ["Stari grad", "Grand Stari"]


def test_search_saint_etienne_without_hyphen_or_accent_finds_saint_etienne(world):
    assert names(authority_search(q="saint etienne")) == ["Saint-Étienne"]


def test_search_a_word_inside_a_name_finds_it(world):
    assert names(authority_search(q="etienne")) == ["Saint-Étienne"]


@pytest.mark.parametrize("q", ["Sofia", "София", "sofi"])
def test_search_finds_stolichna_through_its_alias(world, q):
    assert names(authority_search(q=q)) == ["Stolichna"]


@pytest.mark.parametrize("q", ["Beograd", "Београд", "Belgrade"])
def test_search_finds_the_city_of_belgrade_before_its_city_municipalities(world, q):
    results = list(authority_search(q=q))
    assert results[0] == world["belgrade"]


def test_search_puts_a_city_before_its_sub_units_even_when_smaller(world):
    # "Novi Beograd" starts with a word "beograd" only; give a sub-unit a name that ties with the city.
    AuthorityFactory(
        name="Beograd-Centar", country="RS", level=Level.CITY_MUNICIPALITY, population=5_000_000, parent=None
    )
    results = names(authority_search(q="beograd"))
    assert results[:2] == ["Beograd", "Beograd-Centar"]


def test_search_ranks_the_larger_population_first_among_equal_matches(world):
    AuthorityFactory(name="Villeneuve", country="FR", population=2_000)
    AuthorityFactory(name="Villeneuve", country="FR", population=30_000)
    AuthorityFactory(name="Villeneuve", country="FR", population=None)
    results = list(authority_search(q="villeneuve"))
    assert [o.population for o in results] == [30_000, 2_000, None]


def test_search_returns_each_authority_once_even_when_several_terms_match(world):
    # "Нишка Бања" folds to several variants and word starts; one row only.
    results = list(authority_search(q="Ни"))
    assert len(results) == len({o.pk for o in results})


def test_search_count_equals_the_number_of_results(world):
    for q in ["", "ni", "Ниш", "beograd", "zzz"]:
        assert authority_search_count(q=q) == authority_search(q=q).count() == len(authority_search(q=q))


def test_search_filters_by_country_level_and_population(world):
    assert names(authority_search(q="ni", country="FR")) == ["Nice", "Nisava"]
    assert names(authority_search(q="", level=Level.CITY)) == ["Beograd", "Niš"]
    assert names(authority_search(q="", country="RS", population_min=200_000, population_max=300_000)) == [
        "Niš",
        "Novi Beograd",
    ]


def test_search_filters_by_network(world):
    network = NetworkFactory(acronym="NALAS")
    NetworkMembership.objects.create(member=world["nis"], network=network)
    assert names(authority_search(q="", network=network.pk)) == ["Niš"]
    assert authority_search_count(q="", network=network.pk) == 1


def test_search_excludes_networks_and_deleted_authorities(world):
    from django.utils import timezone

    NetworkFactory(name="Nis network")
    AuthorityFactory(name="Nisdeleted", deleted_at=timezone.now())
    assert "Nis network" not in names(authority_search(q="nis"))
    assert "Nisdeleted" not in names(authority_search(q="nis"))


def test_search_of_networks_with_kind(world):
    NetworkFactory(name="Nis network", acronym="NN")
    assert names(authority_search(q="nis", kind=OrganisationKind.NETWORK)) == ["Nis network"]


def test_empty_query_lists_every_authority_largest_first(world):
    results = list(authority_search(q=""))
    assert len(results) == 13
    assert results[0] == world["belgrade"]


def test_sort_by_name_and_by_country(world):
    assert names(authority_search(q="", sort="name"))[:3] == ["Beograd", "Crveni Krst", "Medijana"]
    assert [o.country for o in authority_search(q="", sort="country")][:3] == ["BG", "FR", "FR"]


def test_sort_by_population_overrides_relevance(world):
    assert names(authority_search(q="ni", sort="population"))[:2] == ["Nice", "Niš"]


@pytest.mark.parametrize(
    "q",
    [
        "x" * 5000,
        "'; DROP TABLE directory_organisation; --",
        '"Niš"',
        "%",
        "_",
        "%%%",
        "n_s",
        "ni%",
        "\\",
        "🙂",
        "🙂🙂 Niš",
        "\x00",
    ],
)
def test_search_with_hostile_input_answers_normally(world, q):
    results = list(authority_search(q=q))
    assert authority_search_count(q=q) == len(results)
    if q in {"%", "_", "%%%", "🙂", "\\", "\x00"} or q.startswith("x"):
        assert results == []


def test_percent_and_underscore_are_not_wildcards(world):
    assert names(authority_search(q="n_s")) == []
    assert names(authority_search(q="ni%")) == names(authority_search(q="ni"))


def test_upper_bound_is_safe_under_any_collation():
    assert _upper_bound("nis") == "nit"
    assert _upper_bound("az") == "b"
    assert _upper_bound("saint z") == "sainu"
    assert _upper_bound("a9") == "aa"
    assert _upper_bound("zz") is None


def test_search_prefix_ending_in_z_finds_names(world):
    AuthorityFactory(name="Stanz", country="FR")
    AuthorityFactory(name="Stanza", country="FR")
    assert names(authority_search(q="stanz", sort="name")) == ["Stanz", "Stanza"]


def test_network_list_counts_members_in_one_query(world, django_assert_num_queries):
    network = NetworkFactory(acronym="NALAS")
    for authority in [world["nis"], world["belgrade"], world["sofia"]]:
        NetworkMembership.objects.create(member=authority, network=network)
    with django_assert_num_queries(1):
        rows = [(n.acronym, n.member_count) for n in network_list()]
    assert rows == [("NALAS", 3)]


def test_organisation_detail_has_children_and_memberships(world, django_assert_max_num_queries):
    network = NetworkFactory(acronym="NALAS")
    NetworkMembership.objects.create(member=world["nis"], network=network, since=2001)
    with django_assert_max_num_queries(5):  # + the communes of a grouping
        nis = organisation_detail(pk=world["nis"].pk)
        children = [c.name_latin for c in nis.children.all()]
        networks = [m.network.acronym for m in nis.network_memberships.all()]
    assert children == ["Medijana", "Palilula", "Pantelej", "Crveni Krst", "Niška Banja"]
    assert networks == ["NALAS"]
