"""Who translates a partner's text: a member of one of the authorities the text belongs to."""

from .contents import Content


def translating_authorities(user, content: Content, obj) -> list[int]:
    """The authorities `user` may translate `obj` for (the project's partners, or the post's authority; a
    provisional member only in its own project; observers never)."""
    if not user.is_authenticated:
        return []
    return list(content.translators(user, obj))


def can_add_translation(user, content: Content, obj) -> bool:
    return bool(translating_authorities(user, content, obj))
