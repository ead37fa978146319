"""Publish a built publication to a CKAN catalog: plan, then execute.

:meth:`CkanPublisher.plan` only reads: it checks that the catalog answers, that the
organization exists and that the key may publish to it, then compares the catalog's
dataset and resources with the publication. :meth:`CkanPublisher.execute` makes the
write calls of the plan, in order, and nothing else.

* Resources are matched on a stable key (the resource field ``datapackage_name``, the
  resource's name in ``datapackage.json``), so no duplicate is ever created.
* A file is uploaded only when its SHA-256 differs from the resource's ``hash``; a
  changed file replaces the content of its resource in place (``resource_patch``), so
  the resource id and its URL are kept.
* The dataset is created when absent, else patched only in the fields that differ.
  Tags are the config's; ``extras`` and ``groups`` set by others are kept.
* A rerun after a partial failure finds what is already there and does the rest.

CKAN action API: https://docs.ckan.org/en/2.11/api/ .
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from nerima_opendata.publish._transport import (
    NotFoundError,
    RetryPolicy,
    Secret,
    Transport,
)
from nerima_opendata.publish.catalog import (
    KEY_FIELD,
    CatalogConfig,
    CatalogEntry,
    CatalogResource,
    catalog_entry,
    read_budget,
)
from nerima_opendata.publish.errors import (
    CatalogAuthError,
    CatalogConfigError,
    OrganizationNotFoundError,
    PublishError,
)

__all__ = [
    "Action",
    "ActionKind",
    "CkanPublisher",
    "Plan",
    "Progress",
    "PublishResult",
    "RetryPolicy",
    "publish_to_ckan",
]

#: Called before each write step with (step number from 1, number of steps, action).
Progress = Callable[[int, int, "Action"], None]

#: Dataset fields compared as plain strings.
_TEXT_FIELDS = ("title", "notes", "license_id", "maintainer", "maintainer_email", "url")
#: Resource fields compared as plain strings (format case-insensitively).
_RESOURCE_FIELDS = ("name", "description", "mimetype", "hash_algorithm", KEY_FIELD)


class ActionKind(StrEnum):
    """What one step of a plan does."""

    CREATE_DATASET = "create dataset"
    UPDATE_DATASET = "update dataset"
    KEEP_DATASET = "unchanged dataset"
    CREATE_RESOURCE = "upload"
    REPLACE_RESOURCE = "replace"
    UPDATE_RESOURCE = "update metadata"
    KEEP_RESOURCE = "unchanged"
    REORDER = "reorder resources"


_WRITES = frozenset(
    {
        ActionKind.CREATE_DATASET,
        ActionKind.UPDATE_DATASET,
        ActionKind.CREATE_RESOURCE,
        ActionKind.REPLACE_RESOURCE,
        ActionKind.UPDATE_RESOURCE,
        ActionKind.REORDER,
    }
)


@dataclass(frozen=True)
class Action:
    """One step of a plan.

    Attributes:
        kind: What the step does.
        target: The dataset name or the file name, for display.
        payload: The fields sent to CKAN (empty for unchanged things).
        key: The resource's stable key, for resource steps.
        resource_id: The existing resource's id, when there is one.
        upload: The file to upload, if any.
        reason: Why the step is needed (or why nothing is needed).
    """

    kind: ActionKind
    target: str
    payload: dict[str, Any] = field(default_factory=dict)
    key: str | None = None
    resource_id: str | None = None
    upload: Path | None = None
    reason: str = ""

    @property
    def writes(self) -> bool:
        """Whether the step changes the catalog."""
        return self.kind in _WRITES

    def describe(self) -> str:
        """One line, e.g. ``replace 131202_budget_projects.csv (content changed; ...)``."""
        size = f", {self.upload.stat().st_size:,} B" if self.upload is not None else ""
        reason = f" ({self.reason}{size})" if self.reason or size else ""
        return f"{self.kind.value} {self.target}{reason}"


@dataclass(frozen=True)
class Plan:
    """Everything a publish would do, computed from read calls only.

    Attributes:
        ckan_url: The catalog.
        dataset: The dataset name.
        organization: The organization name.
        actions: Every step, unchanged ones included, in execution order.
        unmanaged: Resources of the dataset that are not in the publication (left as
            they are), as ``name (id)``.
        resource_ids: The ids of the matched existing resources, by key.
    """

    ckan_url: str
    dataset: str
    organization: str
    actions: tuple[Action, ...]
    unmanaged: tuple[str, ...] = ()
    resource_ids: dict[str, str] = field(default_factory=dict)

    @property
    def writes(self) -> tuple[Action, ...]:
        """The steps that change the catalog."""
        return tuple(a for a in self.actions if a.writes)

    @property
    def dataset_url(self) -> str:
        """The dataset's page in the catalog."""
        return f"{self.ckan_url}/dataset/{self.dataset}"

    def render(self, *, payloads: bool = False) -> str:
        """The plan as text; with ``payloads``, each write step's JSON payload too."""
        lines = [f"plan for {self.dataset_url} (organization {self.organization}):"]
        for action in self.actions:
            lines.append(f"  {action.describe()}")
            if payloads and action.writes:
                body = json.dumps(action.payload, ensure_ascii=False, indent=2)
                lines += [f"      {line}" for line in body.splitlines()]
                if action.upload is not None:
                    lines.append(f"      upload: {action.upload}")
        for name in self.unmanaged:
            lines.append(f"  left as is: {name} (in the catalog, not in the publication)")
        count = len(self.writes)
        lines.append(f"{count} write call(s)" if count else "nothing to change")
        return "\n".join(lines)


@dataclass(frozen=True)
class PublishResult:
    """What a publish did.

    Attributes:
        plan: The plan it followed.
        done: The write steps done (empty for a dry run).
        resource_ids: The catalog resource id of every file, by key (after a dry run:
            only the existing ones).
        read_calls: Read calls made.
        write_calls: Write calls made (0 for a dry run and for an up-to-date catalog).
        seconds: Wall time.
        dry_run: Whether nothing was meant to be written.
    """

    plan: Plan
    done: tuple[Action, ...]
    resource_ids: dict[str, str]
    read_calls: int
    write_calls: int
    seconds: float
    dry_run: bool = False


def _names(items: list[dict[str, Any]] | None) -> list[str]:
    return sorted(str(item.get("name")) for item in items or [])


def _dataset_changes(desired: dict[str, Any], existing: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key in _TEXT_FIELDS:
        if key in desired and (existing.get(key) or "") != desired[key]:
            changes[key] = desired[key]
    if bool(existing.get("private")) != bool(desired["private"]):
        changes["private"] = desired["private"]
    if _names(existing.get("tags")) != _names(desired["tags"]):
        changes["tags"] = desired["tags"]
    current = {str(e["key"]): str(e["value"]) for e in existing.get("extras") or []}
    merged = {**current, **{str(e["key"]): str(e["value"]) for e in desired["extras"]}}
    if merged != current:
        changes["extras"] = [{"key": k, "value": v} for k, v in merged.items()]
    groups = set(_names(existing.get("groups"))) | set(_names(desired["groups"]))
    if groups != set(_names(existing.get("groups"))):
        changes["groups"] = [{"name": name} for name in sorted(groups)]
    if existing.get("state", "active") != "active":
        changes["state"] = "active"
    return changes


def _matches_hash(existing: dict[str, Any], resource: CatalogResource) -> bool:
    stored = str(existing.get("hash") or "").lower().removeprefix("sha256:")
    try:
        size = int(existing.get("size") or -1)
    except (TypeError, ValueError):
        size = -1
    return (
        stored == resource.sha256 and size == resource.size and existing.get("url_type") == "upload"
    )


def _metadata_changes(existing: dict[str, Any], resource: CatalogResource) -> list[str]:
    wanted = resource.payload()
    changed = [k for k in _RESOURCE_FIELDS if str(existing.get(k) or "") != str(wanted[k])]
    if str(existing.get("format") or "").casefold() != resource.format.casefold():
        changed.append("format")
    return changed


def _file_name(existing: dict[str, Any]) -> str:
    return PurePosixPath(urlsplit(str(existing.get("url") or "")).path).name


def _match(
    existing: list[dict[str, Any]], resources: tuple[CatalogResource, ...]
) -> dict[str, dict[str, Any]]:
    """Pair each publication resource with its catalog resource: by key, else file name."""
    matched: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    for resource in resources:
        for candidate in existing:
            if candidate["id"] not in used and candidate.get(KEY_FIELD) == resource.key:
                matched[resource.key] = candidate
                used.add(candidate["id"])
                break
    for resource in resources:
        if resource.key in matched:
            continue
        for candidate in existing:
            if (
                candidate["id"] not in used
                and not candidate.get(KEY_FIELD)
                and _file_name(candidate) == resource.path.name
            ):
                matched[resource.key] = candidate
                used.add(candidate["id"])
                break
    return matched


def _resource_action(
    resource: CatalogResource, package: str, existing: dict[str, Any] | None
) -> Action:
    target = resource.path.name
    payload = resource.payload()
    if existing is None:
        return Action(
            ActionKind.CREATE_RESOURCE,
            target,
            {"package_id": package, **payload},
            key=resource.key,
            upload=resource.path,
            reason="new resource",
        )
    rid = str(existing["id"])
    if not _matches_hash(existing, resource):
        return Action(
            ActionKind.REPLACE_RESOURCE,
            target,
            {"id": rid, **payload},
            key=resource.key,
            resource_id=rid,
            upload=resource.path,
            reason=f"content changed, new sha256 {resource.sha256[:12]}…, same resource id {rid}",
        )
    changed = _metadata_changes(existing, resource)
    if changed:
        return Action(
            ActionKind.UPDATE_RESOURCE,
            target,
            {"id": rid, **{k: payload[k] for k in payload if k in changed}},
            key=resource.key,
            resource_id=rid,
            reason=", ".join(changed) + " changed",
        )
    return Action(
        ActionKind.KEEP_RESOURCE, target, key=resource.key, resource_id=rid, reason="same sha256"
    )


class CkanPublisher:
    """The catalog client: plans and executes the publication of one dataset.

    Args:
        ckan_url: The catalog's base URL, e.g. ``https://catalog.example.jp``.
        api_key: The API token of a user who may edit the organization's datasets;
            ``None`` allows planning (read-only) only. It never appears in any output,
            exception or repr.
        retry: How transient failures are retried.
        sleep: The wait between retries (tests pass a fake).
    """

    def __init__(
        self,
        ckan_url: str,
        api_key: str | None,
        *,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._key = Secret(api_key)
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
        actions: list[Action] = []
        if existing is None:
            actions.append(
                Action(ActionKind.CREATE_DATASET, entry.name, dict(entry.dataset), reason="new")
            )
            current: list[dict[str, Any]] = []
        else:
            if existing.get("owner_org") not in (org.get("id"), entry.organization):
                owner = (existing.get("organization") or {}).get("name", existing.get("owner_org"))
                raise PublishError(
                    f"the dataset {entry.name!r} belongs to the organization {owner!r}, "
                    f"not {entry.organization!r}; choose another --dataset"
                )
            changes = _dataset_changes(entry.dataset, existing)
            kind = ActionKind.UPDATE_DATASET if changes else ActionKind.KEEP_DATASET
            reason = ", ".join(changes) + " changed" if changes else "same metadata"
            payload = {"id": existing["id"], **changes} if changes else {}
            actions.append(Action(kind, entry.name, payload, reason=reason))
            current = list(existing.get("resources") or [])
        matched = _match(current, entry.resources)
        for resource in entry.resources:
            actions.append(_resource_action(resource, entry.name, matched.get(resource.key)))
        used = {str(r["id"]) for r in matched.values()}
        others = [r for r in current if str(r["id"]) not in used]
        new_keys = [a.key for a in actions if a.kind is ActionKind.CREATE_RESOURCE]
        by_id = {str(r["id"]): key for key, r in matched.items()}
        predicted = [by_id.get(str(r["id"]), str(r["id"])) for r in current] + new_keys
        wanted = [r.key for r in entry.resources] + [str(r["id"]) for r in others]
        if predicted != wanted:
            actions.append(
                Action(
                    ActionKind.REORDER,
                    entry.name,
                    {"id": entry.name, "order": wanted},
                    reason="resource positions follow the publication",
                )
            )
        return Plan(
            ckan_url=self.ckan_url,
            dataset=entry.name,
            organization=entry.organization,
            actions=tuple(actions),
            unmanaged=tuple(f"{r.get('name')} ({r['id']})" for r in others),
            resource_ids={key: str(r["id"]) for key, r in matched.items()},
        )

    def _probe_resource(self, action: Action) -> Callable[[], Any]:
        def probe() -> Any:
            try:
                package = self.transport.read_once(
                    "package_show", {"id": action.payload["package_id"]}
                )
            except NotFoundError:
                return None
            for resource in package.get("resources") or []:
                if resource.get(KEY_FIELD) == action.key:
                    return resource
            return None

        return probe

    def _probe_dataset(self, name: str) -> Callable[[], Any]:
        def probe() -> Any:
            try:
                return self.transport.read_once("package_show", {"id": name})
            except NotFoundError:
                return None

        return probe

    def _run(self, action: Action, ids: dict[str, str]) -> None:
        call = self.transport.call
        if action.kind is ActionKind.CREATE_DATASET:
            call(
                "package_create",
                action.payload,
                write=True,
                probe=self._probe_dataset(action.target),
            )
        elif action.kind is ActionKind.UPDATE_DATASET:
            call("package_patch", action.payload, write=True)
        elif action.kind is ActionKind.CREATE_RESOURCE:
            created = call(
                "resource_create",
                action.payload,
                upload=action.upload,
                write=True,
                probe=self._probe_resource(action),
            )
            ids[str(action.key)] = str(created["id"])
        elif action.kind in (ActionKind.REPLACE_RESOURCE, ActionKind.UPDATE_RESOURCE):
            call("resource_patch", action.payload, upload=action.upload, write=True)
        elif action.kind is ActionKind.REORDER:
            order = [ids.get(item, item) for item in action.payload["order"]]
            call(
                "package_resource_reorder", {"id": action.payload["id"], "order": order}, write=True
            )

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
        started = time.perf_counter()
        ids = dict(plan.resource_ids)
        steps = plan.writes
        done: list[Action] = []
        for number, action in enumerate(steps, start=1):
            if progress is not None:
                progress(number, len(steps), action)
            try:
                self._run(action, ids)
            except PublishError as error:
                raise error.with_progress(
                    [a.describe() for a in done], [a.describe() for a in steps[number - 1 :]]
                ) from None
            done.append(action)
        return PublishResult(
            plan=plan,
            done=tuple(done),
            resource_ids=ids,
            read_calls=self.transport.reads,
            write_calls=self.transport.writes,
            seconds=time.perf_counter() - started,
        )


def _validate(publication: Path) -> None:
    from nerima_opendata.errors import InvalidPackageError
    from nerima_opendata.validation import validate

    report = validate(publication)
    if not report.valid:
        raise InvalidPackageError(report)


def publish_to_ckan(
    publication: Path,
    ckan_url: str,
    api_key: str | None,
    *,
    config: CatalogConfig | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    retry: RetryPolicy | None = None,
    on_plan: Callable[[Plan], None] | None = None,
    validate: bool = True,
) -> PublishResult:
    """Publish a built publication to a CKAN catalog (the library call behind the CLI).

    Every file's SHA-256 is checked against ``datapackage.json`` first, the catalog is
    checked (reachable, organization, key) and, with ``validate``, the publication is
    validated as ``nerima-opendata validate`` does; nothing is written before all three
    pass.

    Args:
        publication: The output directory of ``nerima-opendata build``.
        ckan_url: The catalog's base URL.
        api_key: The API token (needed unless ``dry_run``).
        config: The catalog config (default: every default).
        dry_run: Plan only: read calls, no write call.
        progress: Called before each write step.
        retry: How transient failures are retried.
        on_plan: Called with the plan before anything is written.
        validate: Run the full validation (Frictionless, records, linked data) before
            writing, when there is something to write; the SHA-256 checks run in any
            case.

    Returns:
        What was done.

    Raises:
        InputError: The publication is invalid (``InvalidPackageError``) or changed
            since the build, the config is invalid (``CatalogConfigError``), or no key
            was given.
        PublishError: Publishing failed (see :mod:`nerima_opendata.publish.errors`).
    """
    started = time.perf_counter()
    if not api_key and not dry_run:
        raise CatalogConfigError(
            "no API key", expected="--api-key KEY or the environment variable CKAN_API_KEY"
        )
    config = config or CatalogConfig()
    entry = catalog_entry(publication, config, read_budget(publication))
    with CkanPublisher(ckan_url, api_key, retry=retry) as publisher:
        plan = publisher.plan(entry)
        if validate and plan.writes:  # nothing to write: nothing to validate
            _validate(publication)
        if on_plan is not None:
            on_plan(plan)
        if dry_run:
            return PublishResult(
                plan=plan,
                done=(),
                resource_ids=dict(plan.resource_ids),
                read_calls=publisher.transport.reads,
                write_calls=publisher.transport.writes,
                seconds=time.perf_counter() - started,
                dry_run=True,
            )
        result = publisher.execute(plan, progress=progress)
    return PublishResult(
        plan=result.plan,
        done=result.done,
        resource_ids=result.resource_ids,
        read_calls=result.read_calls,
        write_calls=result.write_calls,
        seconds=time.perf_counter() - started,
    )
