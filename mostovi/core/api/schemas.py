from datetime import datetime

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the request's language.")


class FieldErrorOut(Schema):
    loc: list[str] = Field(description='Where the invalid value is, e.g. ["body", "payload", "title"].')
    msg: str
    type: str


class InvalidOut(Schema):
    """The answer to invalid input (422): a summary, and each problem in `errors`."""

    detail: str = Field(description="What went wrong, in the request's language.")
    errors: list[FieldErrorOut | str] | None = Field(
        None,
        description="Each problem: a field and its message when the request does not match this schema, "
        "or a sentence in the request's language when a rule of the platform is not met.",
    )


# The largest id a database column holds (64-bit): a larger one is a client's mistake (422) everywhere.
MAX_ID = 2**63 - 1


class LanguageTextOut(Schema):
    """One language of a partner-written text (`core.multilingual.Text`): the original or a translation."""

    language: str
    text: str
    is_original: bool
    translated_by: str = Field(description="The authority that wrote a translation (empty: the original).")
    outdated: bool = Field(description="A translation of an earlier version of the original.")
    transliterated_from: str = Field(
        description="A Serbian text shown in the other script: the language it was written in."
    )
    updated_at: datetime | None


def text_out(text) -> dict:
    """A `core.multilingual.Text` as `LanguageTextOut` reads it."""
    return {
        "language": text.language,
        "text": text.text,
        "is_original": text.is_original,
        "translated_by": text.by,
        "outdated": text.outdated,
        "transliterated_from": text.transliterated_from,
        "updated_at": text.written_at,
    }
