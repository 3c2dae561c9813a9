"""User-facing errors: one type per kind, each message naming the file or query and what to do.

The CLI turns any `BudgetKGError` into one line on stderr and a non-zero exit code.
"""


class BudgetKGError(Exception):
    """Base of every error a user can cause; its message is shown as one line."""

    exit_code = 1


class InputError(BudgetKGError):
    """A file that cannot be ingested (binary, empty, no budget tables, absurd numbers, a folder)."""

    exit_code = 2


class QueryError(BudgetKGError):
    """A SPARQL query that cannot be parsed or is not allowed (an update without --allow-update)."""

    exit_code = 3


class StoreError(BudgetKGError):
    """The store cannot be opened, read or written."""

    exit_code = 4
