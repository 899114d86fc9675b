import factory

from mostovi.directory.models import Level, Organisation, OrganisationKind
from mostovi.directory.services import organisation_prepare, search_terms_rebuild


class _IndexedFactory(factory.django.DjangoModelFactory):
    """Saves through the same preparation as the services, so search finds factory records."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        organisation = organisation_prepare(model_class(*args, **kwargs))
        organisation.save()
        search_terms_rebuild([organisation])
        return organisation


class AuthorityFactory(_IndexedFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.LOCAL_AUTHORITY
    level = Level.MUNICIPALITY
    country = "FR"
    name = factory.Sequence(lambda n: f"Commune {n}")
    name_latin = factory.LazyAttribute(lambda o: o.name)
    population = 10_000
    population_year = 2021


class NetworkFactory(_IndexedFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.NETWORK
    name = factory.Sequence(lambda n: f"Network {n}")
    name_latin = factory.LazyAttribute(lambda o: o.name)
    acronym = factory.Sequence(lambda n: f"NET{n}")
