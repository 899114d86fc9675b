from django.conf import settings

from .inbox import unread_count


def platform(request):
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        # A callable: counted only when a page shows it (the header, for a signed-in person), once.
        "unread_notifications": lambda: unread_count(request.user),
    }
