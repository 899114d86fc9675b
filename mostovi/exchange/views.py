"""The exchange pages. Views shape input and output; the services decide and write, the predicates allow.

A thread or a deleted post the user may not see → 404; not allowed → 403 with the reason; input refused →
the form again with its errors (422); a stale edit → 409 with what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from mostovi.core.http import forbidden as _forbidden
from mostovi.directory.models import Country, Level, NetworkMembership, Organisation, OrganisationKind
from mostovi.directory.network_selectors import network_has_member, networks_scope
from mostovi.themes.catalogue import THEMES, theme_label

from . import permissions, selectors, services
from .exceptions import InvalidInput, NotAllowed, StaleVersion
from .forms import (
    AcceptForm,
    DeclineForm,
    FilterForm,
    InterestForm,
    MessageForm,
    PostEditForm,
    PostForm,
    SaveFilterForm,
    TranslationForm,
)
from .models import Interest, InterestStatus, Post, SavedFilter

PAGE_SIZE = 20


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


def _language() -> str:
    return translation.get_language() or "fr"


def _shown(posts, language: str):
    for post in posts:
        post.shown = selectors.post_text(post, language)
    return posts


def _acting_authorities(user) -> list[Organisation]:
    ids = permissions.acting_authority_ids(user)
    return list(
        Organisation.objects.alive()
        .filter(pk__in=ids, kind=OrganisationKind.LOCAL_AUTHORITY)
        .order_by("name")
    )


def _postable_authorities(user) -> list[Organisation]:
    """The authorities the user acts for, then those of the networks they coordinate (direct or indirect
    members: a coordinator of NALAS posts for a Serbian municipality, a member of NALAS through SKGO)."""
    own = _acting_authorities(user)
    networks = permissions.coordinated_network_ids(user)
    members = []
    if networks:
        scope = networks_scope(networks)
        members = list(
            Organisation.objects.alive()
            .filter(
                kind=OrganisationKind.LOCAL_AUTHORITY,
                pk__in=NetworkMembership.objects.filter(network_id__in=scope).values("member_id"),
            )
            .exclude(pk__in=[a.pk for a in own])
            .order_by("name")
        )
    return own + members


def _network_for(user, authority: Organisation) -> Organisation | None:
    """The network the user posts through when they do not act for the authority themselves."""
    if permissions.acts_for(user, authority.pk):
        return None
    for network_id in sorted(permissions.coordinated_network_ids(user)):
        if network_has_member([network_id], authority.pk):
            return Organisation.objects.get(pk=network_id)
    return None


def _post_or_404(request, pk: int) -> Post:
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    if post is None:
        raise Http404
    return post


def _interest_or_404(request, pk: int) -> Interest:
    interest = selectors.interest_get_for_user(user=request.user, pk=pk)
    if interest is None:
        raise Http404
    return interest


# --- browse -----------------------------------------------------------------------------------------


def index(request):
    form = FilterForm(request.GET or None)
    filters, include_expired, status = {}, False, 200
    if request.GET:
        if form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if k != "expired" and v}
            include_expired = form.cleaned_data["expired"]
        else:
            status = 400
    posts = (
        selectors.post_list(filters=filters, include_expired=include_expired)
        if status == 200
        else Post.objects.none()
    )
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    _shown(page.object_list, _language())
    user = request.user
    context = {
        "form": form,
        "page": page,
        "filters": filters,
        "can_post": user.is_authenticated and bool(_postable_authorities(user)),
        "save_form": SaveFilterForm(),
    }
    template = "exchange/_results.html" if _is_htmx(request) else "exchange/index.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- saved filters ----------------------------------------------------------------------------------


@login_required
def filters(request):
    if request.method == "POST":
        form = SaveFilterForm(request.POST)
        if form.is_valid():
            try:
                services.saved_filter_create(
                    actor=request.user, params=request.POST, name=form.cleaned_data["name"]
                )
            except InvalidInput as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("The search was saved: new posts that fit it will come by e-mail.")
                )
        return redirect("exchange:filters")
    saved = list(selectors.saved_filters_of(user=request.user))
    return render(request, "exchange/filters.html", {"saved": saved})


@login_required
@require_POST
def filter_delete(request, pk: int):
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    services.saved_filter_delete(actor=request.user, saved_filter=saved)
    messages.success(request, _("The saved search was deleted."))
    return redirect("exchange:filters")


# --- posts ------------------------------------------------------------------------------------------


def _post_changes(data: dict) -> dict:
    return {
        "kind": data["kind"],
        "themes": data["themes"],
        "title": data["title"],
        "body": data["body"],
        "language": data["language"],
        "valid_until": data["valid_until"],
        "countries_sought": data["countries_sought"],
        "partner_levels": data["partner_levels"],
        "partner_size": data["partner_size"] or "",
        "working_languages": data["working_languages"],
        "duration_months": data["duration_months"],
    }


@login_required
def post_create(request):
    authorities = _postable_authorities(request.user)
    if not authorities:
        return _forbidden(
            request,
            NotAllowed(_("Only the members of a local authority, or a network coordinator, can post.")),
        )
    status = 200
    if request.method == "POST":
        form = PostForm(request.POST, authorities=authorities)
        if form.is_valid():
            data = form.cleaned_data
            authority = next(a for a in authorities if a.pk == data["authority"])
            try:
                post = services.post_create(
                    actor=request.user,
                    authority=authority,
                    on_behalf_of_network=_network_for(request.user, authority),
                    **_post_changes(data),
                )
            except NotAllowed as error:
                return _forbidden(request, error)
            except InvalidInput as error:
                form.add_error(None, str(error))
                status = 422
            else:
                messages.success(request, _("The post was published."))
                return redirect("exchange:detail", pk=post.pk)
        else:
            status = 422
    else:
        form = PostForm(
            authorities=authorities, initial={"language": _language(), "authority": authorities[0].pk}
        )
    return render(request, "exchange/post_form.html", {"form": form, "creating": True}, status=status)


def post_detail(request, pk: int):
    post = _post_or_404(request, pk)
    language = _language()
    post.shown = selectors.post_text(post, language)
    post.level_labels = [str(Level(v).label) for v in post.partner_levels if v in Level.values]
    user = request.user
    can_edit = permissions.can_edit_post(user, post)
    own = _acting_authorities(user) if user.is_authenticated else []
    can_express = (
        any(a.pk != post.authority_id for a in own) and post.status == "open" and not post.is_deleted
    )
    context = {
        "post": post,
        "can_edit": can_edit,
        "can_express": can_express,
        "interest_url": reverse("exchange:interest_new") + f"?to={post.authority_id}&post={post.pk}",
    }
    return render(request, "exchange/detail.html", context)


@login_required
def post_edit(request, pk: int):
    post = _post_or_404(request, pk)
    if not permissions.can_edit_post(request.user, post):
        return _forbidden(request, NotAllowed(_("Only the posting authority can edit this post.")))
    status = 200
    if request.method == "POST":
        form = PostEditForm(request.POST)
        if form.is_valid():
            try:
                services.post_update(
                    actor=request.user,
                    post=post,
                    revision=form.cleaned_data["revision"],
                    **_post_changes(form.cleaned_data),
                )
            except NotAllowed as error:
                return _forbidden(request, error)
            except StaleVersion as error:
                form.add_error(None, str(error))
                status = 409
            except InvalidInput as error:
                form.add_error(None, str(error))
                status = 422
            else:
                messages.success(request, _("The post was saved."))
                return redirect("exchange:detail", pk=post.pk)
        else:
            status = 422
    else:
        form = PostEditForm(
            initial={
                "revision": post.revision,
                "kind": post.kind,
                "title": post.title,
                "body": post.body,
                "language": post.language,
                "themes": [t.slug for t in post.themes.all()],
                "valid_until": post.valid_until,
                "countries_sought": post.countries_sought,
                "partner_levels": post.partner_levels,
                "partner_size": post.partner_size,
                "working_languages": post.working_languages,
                "duration_months": post.duration_months,
            }
        )
    return render(request, "exchange/post_form.html", {"form": form, "post": post}, status=status)


@login_required
def post_translate(request, pk: int):
    post = _post_or_404(request, pk)
    if not permissions.can_edit_post(request.user, post):
        return _forbidden(request, NotAllowed(_("Only the posting authority can translate this post.")))
    status = 200
    if request.method == "POST":
        form = TranslationForm(request.POST)
        if form.is_valid():
            try:
                services.post_translate(actor=request.user, post=post, **form.cleaned_data)
            except NotAllowed as error:
                return _forbidden(request, error)
            except InvalidInput as error:
                form.add_error(None, str(error))
                status = 422
            else:
                messages.success(request, _("The translation was saved."))
                return redirect("exchange:detail", pk=post.pk)
        else:
            status = 422
    else:
        form = TranslationForm()
    return render(request, "exchange/translate.html", {"form": form, "post": post}, status=status)


def _post_action(service, success: str):
    @login_required
    @require_POST
    def view(request, pk: int):
        post = _post_or_404(request, pk)
        try:
            service(actor=request.user, post=post)
        except NotAllowed as error:
            return _forbidden(request, error)
        except InvalidInput as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _(success))
        return redirect("exchange:detail", pk=post.pk)

    return view


post_close = _post_action(services.post_close, gettext_noop("The post was closed."))
post_reopen = _post_action(services.post_reopen, gettext_noop("The post was reopened."))
post_delete = _post_action(
    services.post_delete, gettext_noop("The post was deleted; it can be restored from its page.")
)
post_restore = _post_action(services.post_restore, gettext_noop("The post was restored."))


# --- expressions of interest ----------------------------------------------------------------------


@login_required
def interest_list(request):
    interests = selectors.interests_for_user(user=request.user)
    return render(request, "exchange/interests.html", {"interests": interests})


def _int_param(request, name: str) -> int | None:
    value = (request.GET.get(name) or request.POST.get(name) or "").strip()
    return int(value) if value.isdigit() else None


@login_required
def interest_new(request):
    to_id, post_id = _int_param(request, "to"), _int_param(request, "post")
    post = None
    if post_id is not None:
        post = selectors.post_get(pk=post_id)
        if post is None:
            raise Http404
        to_id = to_id or post.authority_id
    if to_id is None:
        raise Http404
    to_authority = get_object_or_404(
        Organisation.objects.alive(), pk=to_id, kind=OrganisationKind.LOCAL_AUTHORITY
    )
    own = [a for a in _acting_authorities(request.user) if a.pk != to_authority.pk]
    if not own:
        return _forbidden(
            request, NotAllowed(_("Only the members of another local authority can express interest."))
        )
    status = 200
    if request.method == "POST":
        form = InterestForm(request.POST, authorities=own)
        if form.is_valid():
            from_authority = next(a for a in own if a.pk == form.cleaned_data["from_authority"])
            try:
                interest = services.interest_open(
                    actor=request.user,
                    from_authority=from_authority,
                    to_authority=to_authority,
                    post=post,
                    message=form.cleaned_data["message"],
                )
            except NotAllowed as error:
                return _forbidden(request, error)
            except InvalidInput as error:
                form.add_error(None, str(error))
                status = 422
            else:
                messages.success(request, _("Your expression of interest was sent."))
                return redirect("exchange:interest_detail", pk=interest.pk)
        else:
            status = 422
    else:
        form = InterestForm(authorities=own)
    if post is not None:
        post.shown = selectors.post_text(post, _language())
    context = {"form": form, "to_authority": to_authority, "post": post}
    return render(request, "exchange/interest_new.html", context, status=status)


def _interest_page(request, interest, *, message_form=None, accept_form=None, decline_form=None, status=200):
    post = None
    if interest.post_id is not None:
        post = selectors.post_get(pk=interest.post_id, include_deleted=True)
        post.shown = selectors.post_text(post, _language())
    is_open = interest.status == InterestStatus.OPEN
    can_decide = is_open and permissions.can_decide_interest(request.user, interest)
    context = {
        "interest": interest,
        "post": post,
        "thread": list(interest.messages.all()),
        "is_open": is_open,
        "can_decide": can_decide,
        "message_form": message_form or MessageForm(),
        "accept_form": accept_form or AcceptForm(),
        "decline_form": decline_form or DeclineForm(),
    }
    return render(request, "exchange/interest_detail.html", context, status=status)


@login_required
def interest_detail(request, pk: int):
    interest = _interest_or_404(request, pk)
    if request.method != "POST":
        return _interest_page(request, interest)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.interest_message_post(
                actor=request.user, interest=interest, body=form.cleaned_data["body"]
            )
        except NotAllowed as error:
            return _forbidden(request, error)
        except InvalidInput as error:
            form.add_error(None, str(error))
        else:
            return redirect(reverse("exchange:interest_detail", kwargs={"pk": interest.pk}) + "#thread-end")
    return _interest_page(request, _interest_or_404(request, pk), message_form=form, status=422)


@login_required
@require_POST
def interest_accept(request, pk: int):
    interest = _interest_or_404(request, pk)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            services.interest_accept(actor=request.user, interest=interest, **form.cleaned_data)
        except NotAllowed as error:
            return _forbidden(request, error)
        except InvalidInput as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The expression of interest was accepted."))
            return redirect("exchange:interest_detail", pk=interest.pk)
    return _interest_page(request, _interest_or_404(request, pk), accept_form=form, status=422)


@login_required
@require_POST
def interest_decline(request, pk: int):
    interest = _interest_or_404(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.interest_decline(
                actor=request.user, interest=interest, reason=form.cleaned_data["reason"]
            )
        except NotAllowed as error:
            return _forbidden(request, error)
        except InvalidInput as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The expression of interest was declined."))
            return redirect("exchange:interest_detail", pk=interest.pk)
    return _interest_page(request, _interest_or_404(request, pk), decline_form=form, status=422)


def _suggestions_response(request, context: dict, status: int = 200):
    """The ranked list alone for HTMX (loaded after the page), or a page of its own without JavaScript."""
    source = context.get("authority")
    context = {
        **context,
        "can_dismiss": source is not None and permissions.can_dismiss_suggestion(request.user, source),
        "country_choices": Country.choices,
        "theme_choices": sorted(((slug, theme_label(slug)) for slug in THEMES), key=lambda item: item[1]),
    }
    template = (
        "exchange/_suggestions.html" if request.headers.get("HX-Request") else "exchange/suggestions.html"
    )
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def authority_suggestions(request, pk: int):
    """Partners that would fit a local authority, with the reasons of each; `country` and `theme` filter."""
    from .suggestions import SuggestionList, suggestions_for_authority

    country, theme = request.GET.get("country", ""), request.GET.get("theme", "")
    error, status = "", 200
    try:
        suggestions = suggestions_for_authority(authority_id=pk, country=country, theme=theme)
    except Organisation.DoesNotExist:
        raise Http404 from None
    except InvalidInput as exc:
        suggestions, error, status = SuggestionList(count=0, items=[]), str(exc), 422
    authority = Organisation.objects.alive().get(pk=pk)
    context = {
        "suggestions": suggestions,
        "authority": authority,
        "post": None,
        "filters": {"country": country, "theme": theme},
        "filter_error": error,
    }
    return _suggestions_response(request, context, status=status)


def post_suggestions(request, pk: int):
    """Authorities that could answer an offer or a need."""
    from .suggestions import suggestions_for_post

    post = _post_or_404(request, pk)
    try:
        suggestions = suggestions_for_post(post_id=post.pk)
    except Post.DoesNotExist:
        raise Http404 from None
    return _suggestions_response(
        request, {"suggestions": suggestions, "post": post, "authority": post.authority}
    )


@login_required
@require_POST
def suggestion_dismiss(request, pk: int, suggested: int):
    """'Not relevant': removes a suggested partner for this authority (HTMX: the item disappears)."""
    authority = get_object_or_404(
        Organisation.objects.alive().filter(kind=OrganisationKind.LOCAL_AUTHORITY), pk=pk
    )
    other = get_object_or_404(Organisation, pk=suggested)
    try:
        services.suggestion_dismiss(actor=request.user, authority=authority, suggested=other)
    except NotAllowed as error:
        return _forbidden(request, error)
    except InvalidInput as error:
        messages.error(request, str(error))
    else:
        if request.headers.get("HX-Request"):
            return render(request, "exchange/_suggestion_dismissed.html", {"other": other})
        messages.success(request, _("This authority will no longer be suggested."))
    return redirect("exchange:authority_suggestions", pk=pk)
