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
