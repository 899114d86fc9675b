from ninja import Schema


class ErrorOut(Schema):
    detail: str


# The largest id a database column holds (64-bit): a larger one is a client's mistake (422) everywhere.
MAX_ID = 2**63 - 1
