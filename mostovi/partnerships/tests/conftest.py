import pytest

from mostovi.accounts.models import Membership, User
from mostovi.directory.models import Level
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory


@pytest.fixture
def world(db):
    """A few authorities of the real world (with their reference keys) and their officers."""
    lyon = AuthorityFactory(
        name="Lyon",
        country="FR",
        code="69123",
        code_scheme="insee",
        ref_key="FR:insee:69123",
        level=Level.CITY,
        population=520_000,
        latitude=45.76,
        longitude=4.83,
    )
    beograd = AuthorityFactory(
        name="Београд",
        name_latin="Beograd",
        country="RS",
        ref_key="RS:city:Beograd",
        level=Level.CITY,
        other_names=[{"lang": "en", "name": "Belgrade"}],
        population=1_600_000,
        latitude=44.8,
        longitude=20.46,
    )
    zemun = AuthorityFactory(
        name="Земун",
        name_latin="Zemun",
        country="RS",
        code="70157",
        code_scheme="rzs",
        ref_key="RS:rzs:70157",
        level=Level.CITY_MUNICIPALITY,
        parent=beograd,
        population=170_000,
        latitude=44.84,
        longitude=20.4,
    )
    nis = AuthorityFactory(
        name="Ниш",
        name_latin="Niš",
        country="RS",
        ref_key="RS:city:Niš",
        level=Level.CITY,
        population=250_000,
        latitude=43.32,
        longitude=21.9,
    )
    sofia = AuthorityFactory(
        name="Столична",
        name_latin="Stolichna",
        country="BG",
        code="SOF46",
        code_scheme="nsi",
        ref_key="BG:nsi:SOF46",
        other_names=[{"lang": "en", "name": "Sofia"}],
        population=1_200_000,
        latitude=42.69,
        longitude=23.32,
    )
    varna = AuthorityFactory(
        name="Варна",
        name_latin="Varna",
        country="BG",
        code="VAR06",
        code_scheme="nsi",
        ref_key="BG:nsi:VAR06",
        population=330_000,
        latitude=43.2,
        longitude=27.9,
    )
    palilula_bg = AuthorityFactory(
        name="Палилула",
        name_latin="Palilula",
        country="RS",
        ref_key="RS:rzs:70203",
        level=Level.CITY_MUNICIPALITY,
        parent=beograd,
        population=180_000,
    )
    palilula_nis = AuthorityFactory(
        name="Палилула",
        name_latin="Palilula",
        country="RS",
        ref_key="RS:rzs:71323",
        level=Level.CITY_MUNICIPALITY,
        parent=nis,
        population=70_000,
    )
    clash = AuthorityFactory(
        name="Commune 70157", country="FR", code="70157", code_scheme="insee", ref_key="FR:insee:70157"
    )
    network = NetworkFactory(name="NALAS", acronym="NALAS")

    def member(email, organisation, role="officer"):
        user = User.objects.create_user(email=email, password="x" * 12)
        Membership.objects.create(user=user, organisation=organisation, role=role)
        return user

    return {
        "lyon": lyon,
        "beograd": beograd,
        "zemun": zemun,
        "nis": nis,
        "sofia": sofia,
        "varna": varna,
        "palilula_bg": palilula_bg,
        "palilula_nis": palilula_nis,
        "clash": clash,
        "network": network,
        "officer_lyon": member("officer.lyon@example.org", lyon),
        "elected_nis": member("elected.nis@example.org", nis, role="elected"),
        "technical_lyon": member("tech.lyon@example.org", lyon, role="technical"),
        "officer_sofia": member("officer.sofia@example.org", sofia),
        "outsider": User.objects.create_user(email="nobody@example.org", password="x" * 12),
    }
