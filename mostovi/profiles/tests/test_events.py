from mostovi.core import events


def test_a_profile_change_names_its_sections():
    sentence = events.sentence("profile.updated", {"sections": ["heritage", "protocol"]})
    assert sentence == "updated the authority's profile: Heritage, Protocol: what a partner should know"
    assert events.sentence("profile.updated", {"sections": []}) == "updated the authority's profile"
