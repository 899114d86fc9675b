from django.db.models import QuerySet

from .models import Theme


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.all()


def themes_by_slug(slugs) -> dict[str, Theme]:
    return {t.slug: t for t in Theme.objects.filter(slug__in=list(slugs))}
