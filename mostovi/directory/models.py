"""Every actor of decentralised cooperation: local authorities, their networks, NGOs, funders."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mostovi.core.models import SoftDeleteModel


class Country(models.TextChoices):
    FR = "FR", _("France")
    BG = "BG", _("Bulgaria")
    RS = "RS", _("Serbia")
    MK = "MK", _("North Macedonia")
    AL = "AL", _("Albania")
    BA = "BA", _("Bosnia and Herzegovina")
    ME = "ME", _("Montenegro")
    XK = "XK", _("Kosovo*")


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    NETWORK = "network", _("Network or association of local authorities")
    NGO = "ngo", _("NGO")
    AGENCY = "agency", _("Agency or funder")
    OTHER = "other", pgettext_lazy("organisation kind", "Other")


class Level(models.TextChoices):
    """The tier of a local authority. Sub-units sort after the authority above them."""

    REGION = "region", _("Region")
    DEPARTMENT = "department", _("Département")
    CITY = "city", _("City")
    MUNICIPALITY = "municipality", _("Municipality")
    CITY_MUNICIPALITY = "city_municipality", _("City municipality or arrondissement")
    # A French grouping of communes: an EPCI à fiscalité propre (métropole, communauté urbaine,
    # d'agglomération, de communes) or the Métropole de Lyon (a territorial authority with special status).
    GROUPING = "grouping", _("Grouping of communes (EPCI, Métropole de Lyon)")


SUBUNIT_LEVELS = (Level.CITY_MUNICIPALITY,)


class NetworkKind(models.TextChoices):
    """What kind of network an organisation of kind `network` is."""

    EUROPEAN_FEDERATION = "european_federation", _("European or world federation")
    REGIONAL_NETWORK = "regional_network", _("Regional network of associations")
    NATIONAL_ASSOCIATION = "national_association", _("National association of local authorities")
    DECENTRALISED_COOPERATION = "decentralised_cooperation", _("Decentralised-cooperation network")
    AGENCY = "agency", _("Agency of a network")


class CodeScheme(models.TextChoices):
    INSEE = "insee", "INSEE (COG)"
    SIREN = "siren", "SIREN (BANATIC)"
    NSI = "nsi", "NSI (Bulgaria)"
    RZS = "rzs", "RZS (Serbia)"
    LAU = "lau", "LAU (Eurostat)"
    ISO_3166_2 = "iso3166-2", "ISO 3166-2"
    NETWORK = "network", _("Network identifier")
    LOCAL = "local", _("Mostovi identifier")


class Organisation(SoftDeleteModel):
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices, db_index=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True, db_index=True)
    country = models.CharField(_("country"), max_length=2, blank=True, db_index=True)
    code = models.CharField(_("official code"), max_length=32, blank=True)
    code_scheme = models.CharField(_("code scheme"), max_length=16, choices=CodeScheme.choices, blank=True)
    # Stable key of the reference import ("fr:insee:69123", "rs:city:Niš"); empty for records made by users.
    ref_key = models.CharField(max_length=80, blank=True, db_index=True, editable=False)

    name = models.CharField(_("official name"), max_length=255, help_text=_("In its own script."))
    name_latin = models.CharField(_("name in Latin script"), max_length=255, blank=True)
    other_names = models.JSONField(
        _("other official names"),
        default=list,
        blank=True,
        help_text=_('A list of {"lang": "sq", "name": "…"}: names in other official languages.'),
    )
    # Other names people search by (exonyms, former names): [{"name": "Sofia", "lang": "en"}]. Shown beside
    # the official name when a search found the authority by one of them.
    aliases = models.JSONField(_("other names searched by"), default=list, blank=True)
    # Languages in official use in this authority (not in its country):
    # [{"lang": "sq", "status": "official", "majority": false, "source": {...}, "checked_on": "2026-12-07",
    #   "unverified": ""}]; see directory.languages.
    languages = models.JSONField(_("languages in official use"), default=list, blank=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    network_kind = models.CharField(
        _("kind of network"), max_length=32, choices=NetworkKind.choices, blank=True
    )
    website = models.URLField(_("website"), blank=True)

    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The French grouping (EPCI, Métropole de Lyon) a commune belongs to.
    grouping = models.ForeignKey(
        "self",
        verbose_name=_("grouping"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grouped",
    )
    admin_area = models.CharField(
        _("province or district"),
        max_length=120,
        blank=True,
        help_text=_("Statistical or state unit above the authority (Bulgarian province, Serbian district…)."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # Mandates of the authority's council: when the current one began and the next local elections.
    mandate_started_on = models.DateField(_("current mandate since"), null=True, blank=True)
    next_elections_on = models.DateField(_("next local elections"), null=True, blank=True)

    sources = models.JSONField(_("sources"), default=list, blank=True)
    unverified = models.CharField(_("unverified facts"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)
    # Normalised names used to rank search results (maintained by services, see search.py).
    sort_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    is_subunit = models.BooleanField(default=False, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["kind", "country", "level"]),
            models.Index(fields=["country", "code"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["ref_key"], condition=~Q(ref_key=""), name="unique_ref_key"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | (Q(latitude__gte=-90) & Q(latitude__lte=90)),
                name="latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | (Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="longitude_in_range",
            ),
        ]

    def __str__(self) -> str:
        # The name in the reader's language and script, with its Latin reading for readers of Latin.
        from .names import label

        return label(self, get_language())

    @property
    def is_authority(self) -> bool:
        return self.kind == OrganisationKind.LOCAL_AUTHORITY

    @property
    def display_name(self) -> str:
        return self.acronym or self.name


class NetworkMembership(models.Model):
    """An organisation belonging to a network (association → network, authority → association)."""

    member = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="network_memberships")
    network = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="network_members")
    status = models.CharField(_("status"), max_length=120, blank=True)
    since = models.PositiveSmallIntegerField(_("since"), null=True, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    checked_on = models.DateField(_("source checked on"), null=True, blank=True)
    unverified = models.CharField(_("unverified facts"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(fields=["member", "network"], name="unique_network_membership")
        ]

    def __str__(self) -> str:
        return f"{self.member.display_name} ∈ {self.network.display_name}"


class SearchTerm(models.Model):
    """One normalised name (or word-start within a name) under which an organisation is found."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="search_terms")
    term = models.CharField(max_length=255)
    # 0: a full name (exact match possible), 1: an alias, 2: a word inside a name.
    weight = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["term"])]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "term"], name="unique_search_term"),
        ]

    def __str__(self) -> str:
        return self.term
