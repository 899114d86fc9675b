from django import template
from django.urls import reverse

from ..contents import content_for
from ..permissions import can_add_translation
from ..selectors import multilingual as multilingual_of

register = template.Library()


@register.inclusion_tag("components/_multilingual.html", takes_context=True)
def multilingual(context, content: str, obj, field: str):
    """A partner's text beside its translations, with the link to add one for those who may:
    `{% multilingual "mission" mission "findings" %}` (one query per record, whatever the fields)."""
    kind = content_for(content, field)
    if kind is None or obj is None:
        return {"ml": None}
    project = context.get("project")
    if getattr(obj, "project_id", None) is not None and getattr(project, "pk", None) == obj.project_id:
        # The page's project, its partners read already: the permission check costs no query.
        obj.project = project
    ml = multilingual_of(content=kind, obj=obj, field_name=field)
    request = context.get("request")
    user = getattr(request, "user", None)
    translate_url = ""
    if ml is not None and user is not None and can_add_translation(user, kind, obj):
        translate_url = reverse("translations:page", args=[content, obj.pk, field])
    return {"ml": ml, "translate_url": translate_url}
