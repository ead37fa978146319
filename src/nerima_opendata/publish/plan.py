"""The plan of a publish: the catalog's dataset compared with the publication.

:func:`build_plan` compares what the read calls found in the catalog with the
publication's :class:`~nerima_opendata.publish.catalog.CatalogEntry`, and lists every
step (:class:`Action`) of the :class:`Plan`, unchanged ones included; it makes no call.

* Resources are matched on a stable key (the resource field ``datapackage_name``, the
  resource's name in ``datapackage.json``), so no duplicate is ever created.
* A file is uploaded only when its SHA-256 differs from the resource's ``hash``; a
  changed file replaces the content of its resource in place (``resource_patch``), so
  the resource id and its URL are kept.
* The dataset is created when absent, else patched only in the fields that differ.
  Tags are the config's; ``extras`` and ``groups`` set by others are kept.
* Resources of the dataset that are not in the publication are left as they are.
* Warnings point at metadata the catalog convention expects but the publish will leave
  empty (the source page ``url``); they do not stop the publish.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from nerima_opendata.publish.catalog import CatalogEntry
from nerima_opendata.publish.resources import KEY_FIELD, CatalogResource

__all__ = ["ASSUMED_NEW", "MISSING_URL", "Action", "ActionKind", "Plan", "build_plan"]

#: The warning when the dataset would have no source page (``url``).
MISSING_URL = (
    "no source page URL: the dataset's `url` (the ward's page for this budget) will be "
    "empty, because the budget has no 出典_URL and the catalog config sets no `url`; "
    'set url = "https://..." in the catalog config (see catalog.toml.example)'
)
#: The label of a plan made without reading the catalog.
ASSUMED_NEW = (
    "catalog unreachable: plan assumes a new dataset (a dry run needs to read the catalog "
    "to compare; here is what a first publish would send)"
)

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
        warnings: Metadata the catalog convention expects that will stay empty.
        assumed_new: The catalog could not be read: the plan assumes the dataset is
            absent (what a first publish would send).
    """

    ckan_url: str
    dataset: str
    organization: str
    actions: tuple[Action, ...]
    unmanaged: tuple[str, ...] = ()
    resource_ids: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    assumed_new: bool = False

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
        lines = [ASSUMED_NEW] if self.assumed_new else []
        lines.append(f"plan for {self.dataset_url} (organization {self.organization}):")
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
        lines += [f"warning: {warning}" for warning in self.warnings]
        return "\n".join(lines)


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


def _warnings(entry: CatalogEntry, existing: dict[str, Any] | None) -> tuple[str, ...]:
    """Metadata that will stay empty (a source page set by hand in the catalog is kept)."""
    if "url" in entry.dataset or (existing is not None and existing.get("url")):
        return ()
    return (MISSING_URL,)


def _dataset_action(entry: CatalogEntry, existing: dict[str, Any] | None) -> Action:
    """Create the dataset, update its changed metadata, or keep it."""
    if existing is None:
        return Action(ActionKind.CREATE_DATASET, entry.name, dict(entry.dataset), reason="new")
    changes = _dataset_changes(entry.dataset, existing)
    kind = ActionKind.UPDATE_DATASET if changes else ActionKind.KEEP_DATASET
    reason = ", ".join(changes) + " changed" if changes else "same metadata"
    payload = {"id": existing["id"], **changes} if changes else {}
    return Action(kind, entry.name, payload, reason=reason)


def _reorder(
    entry: CatalogEntry,
    current: list[dict[str, Any]],
    matched: dict[str, dict[str, Any]],
    others: list[dict[str, Any]],
    actions: list[Action],
) -> Action | None:
    """The reordering needed after ``actions``, if the positions would not follow the
    publication's (the catalog's own, unmanaged resources come last)."""
    new_keys = [a.key for a in actions if a.kind is ActionKind.CREATE_RESOURCE]
    by_id = {str(r["id"]): key for key, r in matched.items()}
    predicted = [by_id.get(str(r["id"]), str(r["id"])) for r in current] + new_keys
    wanted = [r.key for r in entry.resources] + [str(r["id"]) for r in others]
    if predicted == wanted:
        return None
    return Action(
        ActionKind.REORDER,
        entry.name,
        {"id": entry.name, "order": wanted},
        reason="resource positions follow the publication",
    )


def build_plan(
    ckan_url: str,
    entry: CatalogEntry,
    existing: dict[str, Any] | None,
    *,
    assumed_new: bool = False,
) -> Plan:
    """Compare the catalog's dataset with the publication: every step needed, in order.

    Makes no call: the catalog's side is what the read calls returned.

    Args:
        ckan_url: The catalog's base URL.
        entry: The dataset and resources to publish.
        existing: The catalog's dataset (``package_show``), with its resources, or
            ``None`` when there is none by that name.
        assumed_new: The catalog could not be read and ``existing`` is ``None`` by
            assumption (the plan is labelled so).

    Returns:
        The plan.
    """
    actions = [_dataset_action(entry, existing)]
    current: list[dict[str, Any]] = (
        [] if existing is None else list(existing.get("resources") or [])
    )
    matched = _match(current, entry.resources)
    actions += [_resource_action(r, entry.name, matched.get(r.key)) for r in entry.resources]
    used = {str(r["id"]) for r in matched.values()}
    others = [r for r in current if str(r["id"]) not in used]
    reorder = _reorder(entry, current, matched, others, actions)
    if reorder is not None:
        actions.append(reorder)
    return Plan(
        ckan_url=ckan_url,
        dataset=entry.name,
        organization=entry.organization,
        actions=tuple(actions),
        unmanaged=tuple(f"{r.get('name')} ({r['id']})" for r in others),
        resource_ids={key: str(r["id"]) for key, r in matched.items()},
        warnings=_warnings(entry, existing),
        assumed_new=assumed_new,
    )
