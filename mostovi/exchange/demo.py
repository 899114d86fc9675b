"""Demo offers and needs of the exchange (marked `is_demo`, shown with a "demo" badge, never as real)."""

from datetime import timedelta

from django.utils import timezone

from mostovi.directory.models import Organisation

from . import services
from .models import Interest, Post

# ref_key, demo account that posts (None: the platform, for authorities without a demo account), kind,
# themes, language, title, body, countries sought, translations [(language, title, body)]
DEMO_POSTS = [
    (
        "FR:insee:69123",
        "officer.lyon@example.org",
        "offer",
        ["water-sanitation"],
        "fr",
        "Réduire les pertes des réseaux d'eau potable — démonstration",
        "La Métropole partage sa méthode de sectorisation des réseaux et de recherche de fuites, et peut "
        "accueillir des techniciens pour une semaine de formation.",
        ["RS", "MK", "AL", "BA"],
        [
            (
                "en",
                "Reducing losses in drinking-water networks — demo",
                "The Metropolis shares its method for network sectorisation and leak detection, and can host "
                "technicians for a week of training.",
            )
        ],
    ),
    (
        "RS:city:Niš",
        "officer.nis@example.org",
        "need",
        ["digital-services", "public-administration"],
        "sr",
        "Тражимо партнера за дигиталне услуге грађанима — демонстрација",
        "Град Ниш жели да уведе електронске захтеве за комуналне услуге и тражи град са искуством у "
        "дигитализацији локалне управе.",
        ["FR", "BG"],
        [],
    ),
    (
        "BG:nsi:SOF46",
        "officer.sofia@example.org",
        "offer",
        ["waste", "environment-climate"],
        "bg",
        "Опит в разделното събиране на отпадъци — демонстрация",
        "Столична община споделя опита си с разделното събиране и компостирането на биоотпадъци в големи "
        "жилищни квартали.",
        ["RS", "MK", "AL", "ME"],
        [],
    ),
    (
        "MK:lau:MK00310",
        None,
        "need",
        ["culture-heritage", "local-economy-tourism"],
        "mk",
        "Бараме партнер за одржлив туризам и заштита на наследството — демонстрација",
        "Општина Охрид бара партнер со искуство во управување со туристички текови во заштитени "
        "историски центри.",
        ["FR", "BG"],
        [],
    ),
    (
        "AL:lau:AL154",
        None,
        "need",
        ["civil-protection", "environment-climate"],
        "sq",
        "Kërkojmë partner për mbrojtjen nga përmbytjet — demonstrim",
        "Bashkia Shkodër kërkon një partner me përvojë në planet e emergjencës dhe paralajmërimin e "
        "hershëm për përmbytjet.",
        ["FR", "BG"],
        [],
    ),
    (
        "FR:insee:38185",
        None,
        "offer",
        ["civic-participation"],
        "fr",
        "Budgets participatifs : partage d'expérience — démonstration",
        "La Ville partage dix ans de budgets participatifs : règlement, vote en ligne et hors ligne, suivi "
        "des projets lauréats.",
        ["RS", "BG", "MK", "ME"],
        [],
    ),
    (
        "ME:iso:ME-10",
        None,
        "need",
        ["youth"],
        "en",
        "Partner sought for youth exchanges and a youth council — demo",
        "Kotor seeks a municipality to run summer youth exchanges and to help set up a local youth council.",
        ["FR", "RS", "BG"],
        [],
    ),
    (
        "BG:nsi:PDV22",
        None,
        "offer",
        ["eu-integration"],
        "en",
        "Preparing cross-border EU project applications — demo",
        "Plovdiv's European projects team offers coaching on Interreg IPA cross-border applications.",
        ["RS", "MK"],
        [],
    ),
]

DEMO_VALIDITY_DAYS = 180


def demo_exchange_ensure(*, users: dict, organisations: dict) -> list[str]:
    """Create the demo posts (once) and a demo thread Niš → Lyon; returns lines for the command output."""
    keys = [row[0] for row in DEMO_POSTS]
    found = {o.ref_key: o for o in Organisation.objects.alive().filter(ref_key__in=keys)}
    found.update({k: v for k, v in organisations.items() if k in keys})
    valid_until = timezone.localdate() + timedelta(days=DEMO_VALIDITY_DAYS)
    lines, created = [], {}
    for ref_key, email, kind, themes, language, title, body, sought, translations in DEMO_POSTS:
        authority = found.get(ref_key)
        if authority is None:
            lines.append(f"demo post skipped: {ref_key} is not in the directory")
            continue
        existing = Post.objects.filter(is_demo=True, authority=authority, title=title).first()
        if existing is not None:
            created[ref_key] = existing
            continue
        actor = users.get(email) if email else None
        post = services.post_create(
            actor=actor,
            authority=authority,
            kind=kind,
            themes=themes,
            title=title,
            body=body,
            language=language,
            valid_until=valid_until,
            countries_sought=sought,
            is_demo=True,
        )
        for t_language, t_title, t_body in translations:
            services.post_translate(actor=actor, post=post, language=t_language, title=t_title, body=t_body)
        created[ref_key] = post
        lines.append(f"demo post: {authority} — {kind} ({language})")
    lyon_offer, nis = created.get("FR:insee:69123"), found.get("RS:city:Niš")
    officer_nis = users.get("officer.nis@example.org")
    if lyon_offer and nis and officer_nis and not Interest.objects.filter(post=lyon_offer).exists():
        services.interest_open(
            actor=officer_nis,
            from_authority=nis,
            to_authority=lyon_offer.authority,
            post=lyon_offer,
            message=(
                "Поштовани, Град Ниш губи велики део воде у мрежи и заинтересован је за вашу методу. "
                "Можемо ли да договоримо видео-састанак? (демонстрација)"
            ),
        )
        lines.append("demo expression of interest: Niš → Lyon")
    if not lines:
        lines.append("demo exchange posts already there")
    return lines
