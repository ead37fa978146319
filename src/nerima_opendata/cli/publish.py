"""``nerima-opendata publish``: a thin shell over :func:`nerima_opendata.publish.publish_to_ckan`.

The library is imported inside the command so that ``--help`` stays fast. Exit codes
follow the policy of every command (:mod:`nerima_opendata.cli.common`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from nerima_opendata.cli.common import QUIET, dry_run_option, fail
from nerima_opendata.files.names import DESCRIPTOR

if TYPE_CHECKING:
    from nerima_opendata.errors import NerimaOpenDataError
    from nerima_opendata.publish.ckan import Plan, PublishResult, Step

__all__ = ["publish"]


def _hide(text: str, key: str | None) -> str:
    """``text`` without the key, as given or stripped, raw or escaped."""
    from nerima_opendata.publish._secret import Secret

    for form in {key, key.strip()} if key else ():
        text = Secret(form).redact(text)
    return text


def _fail(error: NerimaOpenDataError, key: str | None) -> NoReturn:
    """Print an error (with what was done and not) and exit; never a traceback or the key."""
    from nerima_opendata.errors import InvalidPackageError
    from nerima_opendata.publish.errors import PublishError

    notes: list[str] = []
    if isinstance(error, InvalidPackageError):
        notes.append("Error: the publication is invalid; nothing was published.")
    elif isinstance(error, PublishError):
        if error.done:
            notes += ["done before the failure:", *(f"  {step}" for step in error.done)]
        if error.pending:
            notes += ["not done:", *(f"  {step}" for step in error.pending), error.remedy]
    fail(error, notes=notes, hide=lambda text: _hide(text, key))


def _interactive() -> bool:
    """Whether a person is watching stderr (progress lines are for them only)."""
    return sys.stderr.isatty()


def _progress(step: Step) -> None:
    """One step line on stderr: ``[2/16] create dataset …`` (unnumbered before the plan)."""
    counter = f"[{step.number}/{step.total}] " if step.number is not None else ""
    click.echo(f"{counter}{step.text}…", err=True)


def _print_plan(plan: Plan, key: str | None) -> None:
    click.echo(f"dry run: no write call is made. API key: {'***' if key else '(none)'}")
    click.echo(plan.render(payloads=True))


def _summary(result: PublishResult, *, listed: bool) -> None:
    """The outcome; ``listed`` repeats every step (when no progress lines showed them)."""
    plan = result.plan
    if not result.done:
        click.echo(
            f"up to date: {plan.dataset_url} ({len(plan.actions) - 1} resources, "
            f"same SHA-256); nothing changed in {result.seconds:.2f} s"
        )
        return
    counts = (
        f"{len(result.done)} change(s), {len(plan.actions) - len(plan.writes)} unchanged, "
        f"in {result.seconds:.2f} s"
    )
    click.echo(f"published {plan.dataset_url}" + ("" if listed else f": {counts}"))
    if listed:
        for action in plan.actions:
            click.echo(f"  {action.describe()}")
    for name in plan.unmanaged:
        click.echo(f"  left as is: {name} (not in the publication)")
    if listed:
        click.echo(counts)


def _warn(plan: Plan) -> None:
    """The plan's warnings (metadata left empty) on stderr."""
    for warning in plan.warnings:
        click.echo(f"warning: {warning}", err=True)


@click.command()
@click.argument(
    "out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), required=False
)
@click.option(
    "--ckan-url",
    envvar="CKAN_URL",
    show_envvar=True,
    help="The catalog's base URL (default: `ckan_url` in the config).",
)
@click.option(
    "--api-key",
    envvar="CKAN_API_KEY",
    show_envvar=True,
    help="API token of an editor of the organization. Prefer the environment variable.",
)
@click.option("--org", help="Organization (default: t + the local government code).")
@click.option("--dataset", help="Dataset name assigned by the catalog operator.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Catalog config (TOML); see catalog.toml.example.",
)
@dry_run_option("Print the planned actions and payloads only.")
@click.option(
    "--no-validate",
    is_flag=True,
    help="Skip the full validation (a few seconds); SHA-256s are checked anyway.",
)
@QUIET
def publish(
    out: Path,
    ckan_url: str | None,
    api_key: str | None,
    org: str | None,
    dataset: str | None,
    config_file: Path | None,
    dry_run: bool,
    no_validate: bool,
    quiet: bool,
) -> None:
    """Publish the publication OUT (default: out/) to a CKAN catalog.

    Creates the dataset if it is absent, else updates it; uploads every file listed
    in OUT/datapackage.json, and the descriptor itself. Files whose SHA-256 equals the
    catalog's are not sent, so running it again changes nothing; a changed file
    replaces its resource in place (the resource id is kept). After a failure, run
    the same command again to finish.

    Exit codes: 0 published or up to date; 1 the publication is invalid (nothing is
    sent) or publishing failed; 2 a usage or input error.

    \b
    Examples:
      export CKAN_API_KEY=...              # never on the command line in scripts
      nerima-opendata publish out/ --ckan-url https://catalog.example.jp --dry-run
      nerima-opendata publish out/ --ckan-url https://catalog.example.jp
      nerima-opendata publish out/ --config catalog.toml --dataset t131202d0000000123
    """
    from nerima_opendata.errors import NerimaOpenDataError
    from nerima_opendata.publish import load_config, override, publish_to_ckan

    try:
        config = override(load_config(config_file), organization=org, dataset=dataset)
        url = ckan_url or config.ckan_url
        if not url:
            raise click.UsageError("no catalog URL: pass --ckan-url or set CKAN_URL")
        if not (out / DESCRIPTOR).is_file():
            raise click.UsageError(
                f"{out} is not a publication (no {DESCRIPTOR}): run "
                f"`nerima-opendata build {out}` first"
            )
        show_progress = not quiet and _interactive()
        result = publish_to_ckan(
            out,
            url,
            api_key,
            config=config,
            dry_run=dry_run,
            validate=not no_validate,
            progress=_progress if show_progress else None,
            on_plan=(lambda plan: _print_plan(plan, api_key)) if dry_run else None,
        )
    except NerimaOpenDataError as error:
        _fail(error, api_key)
    if not quiet and not dry_run:  # a dry run shows the warnings in its plan
        _summary(result, listed=not show_progress)
        _warn(result.plan)
