"""What kind of page a rule's or a call's source is: the funder's own page, a site's home page, or an
aggregator (a third party that relays calls). A rule cited only by a home page or an aggregator is marked as
such on the pages and in the API; the funder's own page is preferred (data/reference/funding/README.md)."""

from urllib.parse import urlsplit

FUNDER = "funder"
HOME_PAGE = "home_page"
AGGREGATOR = "aggregator"

# Third parties that relay funders' calls (networks' newsletters, call databases, news sites). A page of
# one of these sites is never the funder's own word.
AGGREGATORS = frozenset(
    {
        "aimf.asso.fr",
        "altonaspain.es",
        "banquedesterritoires.fr",
        "bretagne-solidaire.bzh",
        "cccinfo.bg",
        "dijalogkoneu.mk",
        "dikaiousai.gr",
        "easy.ee",
        "euro-access.eu",
        "femp-fondos-europa.es",
        "francaisaletranger.fr",
        "fundingprogrammesportal.gov.cy",
        "grantalist.com",
        "indevjobs.org",
        "jumelages-partenariats.com",
        "lianescooperation.org",
        "mairesdefrance.com",
        "mreza-mira.net",
        "nosdeputes.fr",
        "oc-cooperation.org",
        "readkong.com",
        "resacoop.org",
        "saharahub.com",
        "wbfeuproject.org",
    }
)


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def source_kind(url: str) -> str:
    """`aggregator`, `home_page` (an address without a path) or `funder`; "" without an address."""
    if not url:
        return ""
    host = _host(url)
    if any(host == domain or host.endswith("." + domain) for domain in AGGREGATORS):
        return AGGREGATOR
    parts = urlsplit(url)
    if parts.path in ("", "/") and not parts.query:
        return HOME_PAGE
    return FUNDER
