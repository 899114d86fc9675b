import pytest

from mostovi.accounts.models import Role
from mostovi.accounts.tests.factories import MembershipFactory
from mostovi.directory.tests.factories import AuthorityFactory
from mostovi.profiles.demo import demo_profiles_ensure
from mostovi.profiles.models import AuthorityProfile
from mostovi.profiles.selectors import profile_for_reader

pytestmark = pytest.mark.django_db


def test_demo_profiles_of_nis_and_lyon_are_marked_and_translated_once():
    nis = AuthorityFactory(name="Ниш", name_latin="Niš", country="RS", ref_key="RS:city:Niš")
    lyon = AuthorityFactory(name="Lyon", ref_key="FR:insee:69123")
    users = {
        "officer.nis@example.org": MembershipFactory(organisation=nis, role=Role.OFFICER).user,
        "officer.lyon@example.org": MembershipFactory(organisation=lyon, role=Role.OFFICER).user,
    }
    organisations = {"RS:city:Niš": nis, "FR:insee:69123": lyon}
    assert demo_profiles_ensure(users=users, organisations=organisations) == [
        "demo profile: Ниш (Niš)",
        "demo profile: Lyon",
    ]
    assert demo_profiles_ensure(users=users, organisations=organisations) == [
        "demo profile of Ниш (Niš) already there",
        "demo profile of Lyon already there",
    ]
    assert list(AuthorityProfile.objects.order_by("pk").values_list("is_demo", "revision")) == [
        (True, 2),
        (True, 2),
    ]
    heritage = profile_for_reader(authority=nis, language="fr").sections[0]
    assert (heritage.section, heritage.shown.language, heritage.shown.is_original) == (
        "heritage",
        "fr",
        False,
    )
    assert "démonstration" in heritage.shown.text
