from mostovi.partnerships.demo import demo_partnerships_ensure
from mostovi.partnerships.importers import pair_key
from mostovi.partnerships.models import Kind, Partnership, PartnershipMember


def _call(world):
    users = {u.email: u for u in (world["officer_lyon"], world["officer_sofia"])}
    organisations = {o.ref_key: o for o in (world["lyon"], world["nis"], world["sofia"])}
    return demo_partnerships_ensure(users=users, organisations=organisations)


def test_demo_is_marked_and_created_once(world):
    _call(world)
    _call(world)
    lyon_nis = Partnership.objects.filter(members__authority=world["lyon"]).get()
    assert lyon_nis.is_demo and lyon_nis.kind == Kind.COOPERATION
    assert sorted(t.slug for t in lyon_nis.themes.all()) == ["public-administration", "water-sanitation"]
    assert Partnership.objects.count() == 2


def test_demo_skipped_when_a_real_record_links_the_pair(world):
    real = Partnership.objects.create(kind=Kind.TWINNING, ref_key=pair_key([world["lyon"], world["nis"]]))
    PartnershipMember.objects.create(partnership=real, authority=world["lyon"])
    PartnershipMember.objects.create(partnership=real, authority=world["nis"])
    lines = _call(world)
    assert any("real" in line for line in lines)
    assert not Partnership.objects.filter(is_demo=True, members__authority=world["lyon"]).exists()
