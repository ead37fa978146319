"""The execution of a plan: its write calls, in order, and nothing else.

:func:`execute_plan` makes the write calls of a :class:`~nerima_opendata.publish.plan.Plan`
one by one, reporting each step to a :data:`Progress` callback (a whole publish reports
every step, validation included, as a :class:`Step`). A create whose answer
is lost is checked with a read (a probe) before it is retried, so nothing is created
twice. When a step fails, the error says which steps were made and which were not;
running the publish again finds what is already there and does the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nerima_opendata.publish._transport import NotFoundError, Transport
from nerima_opendata.publish.errors import PublishError
from nerima_opendata.publish.plan import Action, ActionKind, Plan
from nerima_opendata.publish.resources import KEY_FIELD

__all__ = ["Progress", "PublishResult", "Step", "StepProgress", "execute_plan"]

#: Called before each write step with (step number from 1, number of steps, action).
Progress = Callable[[int, int, "Action"], None]


@dataclass(frozen=True)
class Step:
    """One step of a whole publish, reported before it starts.

    Attributes:
        text: What the step does, e.g. ``validating the publication``.
        number: Its number from 1; ``None`` for the first step (reading the
            publication and the catalog), which comes before the steps are known.
        total: The number of numbered steps (the validation, when it runs, and the
            write calls); ``None`` with ``number``.
        action: The plan's action, for a write step.
    """

    text: str
    number: int | None = None
    total: int | None = None
    action: Action | None = None


#: Called before each step of a whole publish.
StepProgress = Callable[[Step], None]


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


def _probe_resource(transport: Transport, action: Action) -> Callable[[], Any]:
    def probe() -> Any:
        try:
            package = transport.read_once("package_show", {"id": action.payload["package_id"]})
        except NotFoundError:
            return None
        for resource in package.get("resources") or []:
            if resource.get(KEY_FIELD) == action.key:
                return resource
        return None

    return probe


def _probe_dataset(transport: Transport, name: str) -> Callable[[], Any]:
    def probe() -> Any:
        try:
            return transport.read_once("package_show", {"id": name})
        except NotFoundError:
            return None

    return probe


def _run(transport: Transport, action: Action, ids: dict[str, str]) -> None:
    call = transport.call
    if action.kind is ActionKind.CREATE_DATASET:
        call(
            "package_create",
            action.payload,
            write=True,
            probe=_probe_dataset(transport, action.target),
        )
    elif action.kind is ActionKind.UPDATE_DATASET:
        call("package_patch", action.payload, write=True)
    elif action.kind is ActionKind.CREATE_RESOURCE:
        created = call(
            "resource_create",
            action.payload,
            upload=action.upload,
            write=True,
            probe=_probe_resource(transport, action),
        )
        ids[str(action.key)] = str(created["id"])
    elif action.kind in (ActionKind.REPLACE_RESOURCE, ActionKind.UPDATE_RESOURCE):
        call("resource_patch", action.payload, upload=action.upload, write=True)
    elif action.kind is ActionKind.REORDER:
        order = [ids.get(item, item) for item in action.payload["order"]]
        call("package_resource_reorder", {"id": action.payload["id"], "order": order}, write=True)


def execute_plan(
    transport: Transport, plan: Plan, *, progress: Progress | None = None
) -> PublishResult:
    """Make the plan's write calls, in order.

    Args:
        transport: The connection to the catalog the plan was made against.
        plan: A plan made just before, against the same catalog.
        progress: Called before each write step.

    Returns:
        What was done, with every resource id; the call counts are the transport's.

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
            _run(transport, action, ids)
        except PublishError as error:
            raise error.with_progress(
                [a.describe() for a in done], [a.describe() for a in steps[number - 1 :]]
            ) from None
        done.append(action)
    return PublishResult(
        plan=plan,
        done=tuple(done),
        resource_ids=ids,
        read_calls=transport.reads,
        write_calls=transport.writes,
        seconds=time.perf_counter() - started,
    )
