"""Publish a built publication to a CKAN catalog: plan, then execute.

:meth:`CkanPublisher.plan` only reads: it checks that the catalog answers, that the
organization exists and that the key may publish to it, then compares the catalog's
dataset and resources with the publication (:mod:`~nerima_opendata.publish.plan`).
:meth:`CkanPublisher.execute` makes the write calls of the plan, in order, and nothing
else (:mod:`~nerima_opendata.publish.executor`). :func:`publish_to_ckan` does both in
one call, after the checks.

* Resources are matched on a stable key, so no duplicate is ever created.
* A file is uploaded only when its SHA-256 differs from the resource's ``hash``, and
  replaces the content of its resource in place, so the resource id and URL are kept.
* A rerun after a partial failure finds what is already there and does the rest.
* A dry run whose catalog cannot be reached still shows what a first publish would
  send (a plan labelled ``assumed_new``), then raises the error.

CKAN action API: https://docs.ckan.org/en/2.11/api/ .
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.publish._secret import Secret, check_api_key
from nerima_opendata.publish._transport import NotFoundError, RetryPolicy, Transport
from nerima_opendata.publish.catalog import (
    CatalogConfig,
    CatalogEntry,
    catalog_entry,
    read_budget,
)
from nerima_opendata.publish.errors import (
    CatalogAuthError,
    CatalogConfigError,
    CatalogUnreachableError,
    OrganizationNotFoundError,
    PublishError,
)
from nerima_opendata.publish.executor import (
    Progress,
    PublishResult,
    Step,
    StepProgress,
    execute_plan,
)
from nerima_opendata.publish.plan import Action, ActionKind, Plan, build_plan

__all__ = [
    "DRY_RUN_RETRY",
    "Action",
    "ActionKind",
    "CkanPublisher",
    "Plan",
    "Progress",
    "PublishResult",
    "RetryPolicy",
    "Step",
    "StepProgress",
    "publish_to_ckan",
]

#: Retries of a dry run (read calls only): one quick retry, so that an unreachable
#: catalog is reported in about a second rather than after 7.5 s of waiting.
DRY_RUN_RETRY = RetryPolicy(attempts=2, base_delay=0.5)


class CkanPublisher:
    """The catalog client: plans and executes the publication of one dataset.

    Args:
        ckan_url: The catalog's base URL, e.g. ``https://catalog.example.jp``.
        api_key: The API token of a user who may edit the organization's datasets;
            ``None`` allows planning (read-only) only. Surrounding whitespace is
            removed; it never appears in any output, exception or repr.
        retry: How transient failures are retried.
        sleep: The wait between retries (tests pass a fake).

    Raises:
        CatalogConfigError: The key contains whitespace, a control character or a
            non-ASCII character (see :func:`check_api_key`).
    """

    def __init__(
        self,
        ckan_url: str,
        api_key: str | None,
        *,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._key = Secret(check_api_key(api_key))
        self.transport = Transport(ckan_url, self._key, retry=retry, sleep=sleep)

    @property
    def ckan_url(self) -> str:
        """The catalog's base URL."""
        return self.transport.url

    def __repr__(self) -> str:
        return f"CkanPublisher(ckan_url={self.ckan_url!r}, api_key={self._key!r})"

    def close(self) -> None:
        """Close the HTTP session."""
        self.transport.close()

    def __enter__(self) -> CkanPublisher:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    def _check_organization(self, organization: str) -> dict[str, Any]:
        try:
            org: dict[str, Any] = self.transport.call("organization_show", {"id": organization})
        except NotFoundError:
            raise OrganizationNotFoundError(
                f"the organization {organization!r} does not exist in the catalog at "
                f"{self.ckan_url}; check --org or `organization` in the catalog config "
                f"(the Tokyo catalog names them t + the 6-digit code, e.g. t131202)"
            ) from None
        if self._key:
            allowed = self.transport.call(
                "organization_list_for_user", {"permission": "create_dataset"}
            )
            if organization not in {o.get("name") for o in allowed}:
                raise CatalogAuthError(
                    f"the API key was refused, or its user may not publish to the "
                    f"organization {organization!r} (CKAN treats an unknown key as "
                    f"anonymous); check --api-key / CKAN_API_KEY and the user's role"
                )
        return org

    def _check_groups(self, groups: list[dict[str, Any]]) -> None:
        for group in groups:
            try:
                self.transport.call("group_show", {"id": group["name"]})
            except NotFoundError:
                raise PublishError(
                    f"the group {group['name']!r} does not exist in the catalog; "
                    f"fix `groups` in the catalog config"
                ) from None

    def _existing(self, name: str) -> dict[str, Any] | None:
        try:
            found: dict[str, Any] = self.transport.call("package_show", {"id": name})
        except NotFoundError:
            return None
        return found

    def plan(self, entry: CatalogEntry) -> Plan:
        """Work out every step needed, with read calls only.

        Args:
            entry: The dataset and resources to publish.

        Returns:
            The plan.

        Raises:
            CatalogUnreachableError: The catalog does not answer.
            OrganizationNotFoundError: The organization does not exist.
            CatalogAuthError: A key was given, but it may not publish to the organization.
            PublishError: A group does not exist, or the dataset name is taken by
                another organization's dataset.
        """
        self.transport.call("status_show", {})
        org = self._check_organization(entry.organization)
        self._check_groups(entry.dataset["groups"])
        existing = self._existing(entry.name)
        if existing is not None and existing.get("owner_org") not in (
            org.get("id"),
            entry.organization,
        ):
            owner = (existing.get("organization") or {}).get("name", existing.get("owner_org"))
            raise PublishError(
                f"the dataset {entry.name!r} belongs to the organization {owner!r}, "
                f"not {entry.organization!r}; choose another --dataset"
            )
        return build_plan(self.ckan_url, entry, existing)

    def execute(self, plan: Plan, *, progress: Progress | None = None) -> PublishResult:
        """Make the plan's write calls, in order.

        Args:
            plan: A plan from :meth:`plan` (made just before, against the same catalog).
            progress: Called before each write step.

        Returns:
            What was done, with every resource id.

        Raises:
            PublishError: A step failed (any subclass); ``done`` and ``pending`` say
                which steps were made and which were not. Running the publish again
                finishes the job.
        """
        return execute_plan(self.transport, plan, progress=progress)


def _validate(publication: Path) -> None:
    from nerima_opendata.checks.validation import validate
    from nerima_opendata.errors import InvalidPackageError

    report = validate(publication)
    if not report.valid:
        raise InvalidPackageError(report)


def _plan(
    publisher: CkanPublisher, entry: CatalogEntry, dry_run: bool
) -> tuple[Plan, CatalogUnreachableError | None]:
    """The plan; for a dry run whose catalog cannot be read, the plan of a first publish."""
    try:
        return publisher.plan(entry), None
    except CatalogUnreachableError as error:
        if not dry_run:
            raise
        plan = build_plan(publisher.ckan_url, entry, None, assumed_new=True)
        return plan, CatalogUnreachableError(
            f"{error.message}\na dry run needs to read the catalog to compare, so its plan "
            f"assumes a new dataset: it shows what a first publish would send"
        )


def _checked_key(api_key: str | None, dry_run: bool) -> str | None:
    """The key, stripped and checked; only a dry run may go without."""
    api_key = check_api_key(api_key)
    if not api_key and not dry_run:
        raise CatalogConfigError(
            "no API key", expected="--api-key KEY or the environment variable CKAN_API_KEY"
        )
    return api_key


@dataclass(frozen=True)
class _Run:
    """One call of :func:`publish_to_ckan`: what it was asked to do, and when it started."""

    publication: Path
    dry_run: bool
    validate: bool
    progress: StepProgress | None
    on_plan: Callable[[Plan], None] | None
    started: float = field(default_factory=time.perf_counter)

    def step(self, text: str, number: int | None = None, total: int | None = None) -> None:
        """Report a step, if anyone listens."""
        if self.progress is not None:
            self.progress(Step(text, number, total))

    def publish(self, publisher: CkanPublisher, entry: CatalogEntry) -> PublishResult:
        """Plan, validate (when there is something to write), show the plan, then write."""
        plan, unreachable = _plan(publisher, entry, self.dry_run)
        validating = self.validate and bool(plan.writes)  # nothing to write: nothing to validate
        total = int(validating) + (0 if self.dry_run else len(plan.writes))
        if validating:
            self.step("validating the publication", 1, total)
            _validate(self.publication)
        if self.on_plan is not None:
            self.on_plan(plan)
        if unreachable is not None:
            raise unreachable
        if self.dry_run:
            return PublishResult(
                plan=plan,
                done=(),
                resource_ids=dict(plan.resource_ids),
                read_calls=publisher.transport.reads,
                write_calls=publisher.transport.writes,
                seconds=0.0,
                dry_run=True,
            )
        writes = None if self.progress is None else _numbered(self.progress, int(validating), total)
        return publisher.execute(plan, progress=writes)

    def timed(self, result: PublishResult) -> PublishResult:
        """The result, with the wall time since the start."""
        return replace(result, seconds=time.perf_counter() - self.started)


def _numbered(progress: StepProgress, offset: int, total: int) -> Progress:
    """The write steps' progress, numbered after the steps before them."""

    def report(number: int, _steps: int, action: Action) -> None:
        progress(Step(action.describe(), offset + number, total, action))

    return report


def _entry(publication: Path, config: CatalogConfig, validate: bool) -> CatalogEntry:
    """The catalog entry of a publication; an invalid one raises its full report."""
    try:
        return catalog_entry(publication, config, read_budget(publication))
    except InputError:
        if validate:  # an invalid publication: raise the full report instead
            _validate(publication)
        raise


def publish_to_ckan(
    publication: StrPath,
    ckan_url: str,
    api_key: str | None,
    *,
    config: CatalogConfig | None = None,
    dry_run: bool = False,
    progress: StepProgress | None = None,
    retry: RetryPolicy | None = None,
    on_plan: Callable[[Plan], None] | None = None,
    validate: bool = True,
) -> PublishResult:
    """Publish a built publication to a CKAN catalog (the library call behind the CLI).

    The API key's form is checked first (surrounding whitespace is removed). Every
    file's SHA-256 is checked against ``datapackage.json``, the catalog is checked
    (reachable, organization, key) and, with ``validate``, the publication is
    validated as ``nerima-opendata validate`` does; nothing is written before all
    pass.

    Args:
        publication: The output directory of ``nerima-opendata build``.
        ckan_url: The catalog's base URL.
        api_key: The API token (needed unless ``dry_run``).
        config: The catalog config (default: every default).
        dry_run: Plan only: read calls, no write call.
        progress: Called before each step: reading the publication and the catalog
            (not numbered: the steps are known only after it), then the validation
            and each write call, numbered (:class:`Step`).
        retry: How transient failures are retried (default: :class:`RetryPolicy`,
            or :data:`DRY_RUN_RETRY` for a dry run).
        on_plan: Called with the plan before anything is written (for a dry run whose
            catalog cannot be reached: with the plan of a first publish, labelled
            ``assumed_new``, before the error is raised).
        validate: Run the full validation (Frictionless, records, linked data) before
            writing, when there is something to write, or when the publication does
            not read back (to report every error); the SHA-256 checks run in any case.

    Returns:
        What was done; ``result.plan.warnings`` lists metadata left empty (e.g. no
        source page ``url``).

    Raises:
        InputError: The publication is invalid (``InvalidPackageError``) or changed
            since the build, the config is invalid (``CatalogConfigError``), or the
            key is missing or malformed (``CatalogConfigError``).
        PublishError: Publishing failed (see :mod:`nerima_opendata.publish.errors`);
            a dry run raises ``CatalogUnreachableError`` after ``on_plan`` when the
            catalog cannot be read.
    """
    publication = Path(publication)
    run = _Run(publication, dry_run, validate, progress, on_plan)
    api_key = _checked_key(api_key, dry_run)
    run.step(f"reading the publication and the catalog at {ckan_url.rstrip('/')}")
    entry = _entry(publication, config or CatalogConfig(), validate)
    retry = retry or (DRY_RUN_RETRY if dry_run else None)
    with CkanPublisher(ckan_url, api_key, retry=retry) as publisher:
        result = run.publish(publisher, entry)
    return run.timed(result)
