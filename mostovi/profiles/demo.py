"""Demo profiles of Niš and Lyon (marked `is_demo`, shown with a "demo" badge): modest texts that say they
are demonstrations, written through the service by the demo officers, each section in its author's language
with one translation."""

from .models import AuthorityProfile
from .services import authority_profile_update

NOTE_SR = "(Демонстрациони текст: Град Ниш га замењује својим речима.)"
NOTE_FR = "(Texte de démonstration : la Ville de Lyon le remplace par ses propres mots.)"

DEMO_PROFILES = [
    {
        "ref_key": "RS:city:Niš",
        "email": "officer.nis@example.org",
        "translator": "officer.nis@example.org",
        "facts": {
            "working_languages": ["sr", "en"],
            "interpretation_needed": True,
            "interpretation_pairs": [["sr", "fr"]],
            "service_people": [
                {
                    "name": "Милица Петровић",
                    "role": "Канцеларија за међународну сарадњу",
                    "email": "",
                    "phone": "",
                }
            ],
            "contact_email": "international.nis@example.org",
        },
        "texts": [
            (
                "heritage",
                "sr",
                "Ниш је један од најстаријих градова на Балкану, на раскршћу путева између Дунава и Егејског "
                f"мора. {NOTE_SR}",
                "fr",
                "Niš est l'une des plus anciennes villes des Balkans, au carrefour des routes entre le "
                "Danube et la mer Égée. (Texte de démonstration, traduit par la Ville de Niš.)",
            ),
            (
                "holidays",
                "sr",
                "Државни празници у Србији: 1. и 2. јануар, 7. јануар (Божић), 15. и 16. фебруар (Дан "
                "државности), Васкрс по православном календару, 1. и 2. мај, 11. новембар. Датуме састанака "
                f"договарамо унапред. {NOTE_SR}",
                "fr",
                "Jours fériés en Serbie : 1er et 2 janvier, 7 janvier (Noël orthodoxe), 15 et 16 février "
                "(fête de l'État), Pâques selon le calendrier orthodoxe, 1er et 2 mai, 11 novembre. Nous "
                "convenons des dates de réunion à l'avance. "
                "(Texte de démonstration, traduit par la Ville de Niš.)",
            ),
        ],
    },
    {
        "ref_key": "FR:insee:69123",
        "email": "officer.lyon@example.org",
        "translator": "officer.lyon@example.org",
        "facts": {
            "working_languages": ["fr", "en"],
            "interpretation_needed": True,
            "interpretation_pairs": [["fr", "sr"], ["fr", "bg"]],
            "service_people": [
                {"name": "Claire Martin", "role": "Relations internationales", "email": "", "phone": ""}
            ],
            "contact_email": "international.lyon@example.org",
        },
        "texts": [
            (
                "culture",
                "fr",
                "Lyon, au confluent du Rhône et de la Saône, aime partager ses savoir-faire de service "
                f"public avec ses partenaires. {NOTE_FR}",
                "sr",
                "Лион, на ушћу Роне и Соне, радо дели своја искуства јавних услуга са партнерима. "
                "(Демонстрациони текст, превод Града Лиона.)",
            ),
            (
                "holidays",
                "fr",
                "Jours fériés en France : 1er janvier, lundi de Pâques, 1er et 8 mai, Ascension, lundi de "
                "Pentecôte, 14 juillet, 15 août, 1er et 11 novembre, 25 décembre. Les réunions en août sont "
                f"rares. {NOTE_FR}",
                "sr",
                "Државни празници у Француској: 1. јануар, Васкршњи понедељак, 1. и 8. мај, Спасовдан, "
                "Духовски понедељак, 14. јул, 15. август, 1. и 11. новембар, 25. децембар. Састанци у "
                "августу су ретки. (Демонстрациони текст, превод Града Лиона.)",
            ),
        ],
    },
]


def demo_profiles_ensure(*, users: dict, organisations: dict) -> list[str]:
    """Write the demo profiles once (an authority that already presented itself is left as it is)."""
    lines = []
    for demo in DEMO_PROFILES:
        authority = organisations.get(demo["ref_key"])
        actor = users.get(demo["email"])
        if authority is None or actor is None:
            lines.append(f"demo profile skipped: {demo['ref_key']} or {demo['email']} is missing")
            continue
        if AuthorityProfile.objects.filter(authority=authority, revision__gt=0).exists():
            lines.append(f"demo profile of {authority} already there")
            continue
        originals = [
            {"section": section, "language": language, "text": text, "original": True}
            for section, language, text, _t_language, _t_text in demo["texts"]
        ]
        authority_profile_update(
            actor=actor, authority=authority, texts=originals, is_demo=True, **demo["facts"]
        )
        translations = [
            {"section": section, "language": t_language, "text": t_text}
            for section, _language, _text, t_language, t_text in demo["texts"]
        ]
        authority_profile_update(actor=users[demo["translator"]], authority=authority, texts=translations)
        lines.append(f"demo profile: {authority}")
    return lines
