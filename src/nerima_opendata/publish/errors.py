"""Errors of publishing to a CKAN catalog.

They all derive from :class:`nerima_opendata.errors.NerimaOpenDataError`::

    NerimaOpenDataError
    ├── InputError
    │   └── CatalogConfigError        the catalog config is invalid, or the API key malformed
    └── PublishError                  publishing failed (carries what was done and not)
        ├── CatalogUnreachableError   no answer, no CKAN action API, or HTTP 429/5xx
                                      through every retry, at the URL
        ├── CatalogAuthError          HTTP 401/403: a bad key, or a user without rights
        ├── OrganizationNotFoundError the organization does not exist in the catalog
        └── CatalogValidationError    CKAN's 409 validation error, with its field errors

A :class:`PublishError` raised in the middle of a publish lists the steps that were
done and the ones that were not (``done`` and ``pending``), and :attr:`~PublishError.remedy`
says what to do next: run the same publish again to finish the job, after fixing the
metadata (409) or the key (401/403) when a rerun alone cannot help. No message ever
contains the API key. On the command line a :class:`PublishError` exits 1 and a
:class:`CatalogConfigError` exits 2 (:data:`nerima_opendata.cli.common.EXIT_CODES`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nerima_opendata.errors import InputError, NerimaOpenDataError

__all__ = [
    "CatalogAuthError",
    "CatalogConfigError",
    "CatalogUnreachableError",
    "CatalogValidationError",
    "OrganizationNotFoundError",
    "PublishError",
]


class CatalogConfigError(InputError):
    """The catalog config file cannot be read, or a value in it is invalid."""


class PublishError(NerimaOpenDataError):
    """Publishing to the catalog failed.

    Args:
        message: What went wrong, in a sentence, with the remedy when there is one.
        done: The steps completed before the failure (readable descriptions).
        pending: The steps not done, the failed one first.
    """

    def __init__(
        self, message: str, *, done: Sequence[str] = (), pending: Sequence[str] = ()
    ) -> None:
        self.message = message
        self.done = tuple(done)
        self.pending = tuple(pending)
        super().__init__(message)

    #: What to do after a failure part-way through (when steps are pending).
    remedy = "Run the same command again to finish: steps already done are skipped."

    def with_progress(self, done: Sequence[str], pending: Sequence[str]) -> PublishError:
        """The same error, carrying what was done and what was not."""
        self.done = tuple(done)
        self.pending = tuple(pending)
        return self


class CatalogUnreachableError(PublishError):
    """The catalog did not answer, did not answer like a CKAN action API, or kept failing.

    "Kept failing" is HTTP 429 or 5xx through every retry.
    """


class CatalogAuthError(PublishError):
    """The catalog refused the request (HTTP 401/403): a bad key or missing rights."""

    remedy = (
        "Fix the API key (--api-key or CKAN_API_KEY) or ask for the editor role, then run "
        "the same command again: steps already done are skipped."
    )


class OrganizationNotFoundError(PublishError):
    """The organization named by the config or ``--org`` does not exist in the catalog."""


class CatalogValidationError(PublishError):
    """CKAN refused a payload (HTTP 409); ``field_errors`` maps each field to its errors.

    Args:
        message: What was refused.
        field_errors: CKAN's field errors, e.g. ``{"name": ["That URL is already in use."]}``.
    """

    remedy = (
        "Rerunning alone will not help: fix the values the catalog refused (the field "
        "errors above; most are keys of the catalog config, see catalog.toml.example), "
        "then run the same command again: steps already done are skipped."
    )

    def __init__(self, message: str, *, field_errors: Mapping[str, Sequence[str]]) -> None:
        self.field_errors = {key: tuple(value) for key, value in field_errors.items()}
        lines = [message] + [
            f"  {key}: {'; '.join(value)}" for key, value in sorted(self.field_errors.items())
        ]
        super().__init__("\n".join(lines))
