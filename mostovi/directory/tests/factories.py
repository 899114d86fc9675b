import factory

from mostovi.directory.models import Level, Organisation, OrganisationKind


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.LOCAL_AUTHORITY
    level = Level.MUNICIPALITY
    country = "FR"
    name = factory.Sequence(lambda n: f"Commune {n}")
    name_latin = factory.LazyAttribute(lambda o: o.name)
    population = 10_000
    population_year = 2021


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.NETWORK
    name = factory.Sequence(lambda n: f"Network {n}")
    name_latin = factory.LazyAttribute(lambda o: o.name)
    acronym = factory.Sequence(lambda n: f"NET{n}")
