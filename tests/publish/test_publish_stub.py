"""Whole publishes against a STUB CKAN (stub_ckan.py), not the real catalog.

The stub answers the action API well enough to check what the real CKAN will not do
on demand: malformed keys, an unreachable catalog, failures part-way, and what the
command prints. The real-CKAN tests are in test_ckan.py.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from nerima_opendata.cli.main import main
from nerima_opendata.publish import (
    CatalogConfig,
    CatalogConfigError,
    CatalogUnreachableError,
    CatalogValidationError,
    Plan,
    PublishError,
    RetryPolicy,
    Step,
    publish_to_ckan,
)
from nerima_opendata.publish._secret import Secret, check_api_key
from nerima_opendata.publish._transport import Transport
from nerima_opendata.publish.plan import ASSUMED_NEW, MISSING_URL

from .stub_ckan import StubCkan, stub_ckan

KEY = "stub-key-0123456789abcdef"


@pytest.fixture
def stub() -> Iterator[StubCkan]:
    with stub_ckan() as state:
        state.key = KEY
        yield state


def _cli(args: list[str], *, key: str | None = KEY, url: str | None = None) -> Result:
    env = {"CKAN_URL": url, "CKAN_API_KEY": key}
    return CliRunner().invoke(main, ["publish", *args], env=env)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _forms(key: str) -> set[str]:
    """The key as it could show in a message: raw, and escaped as by repr."""
    return {key, key.strip(), repr(key)[1:-1], repr(key.encode("utf-8", "replace"))[2:-1]}


def _leaks(key: str, *texts: str) -> list[str]:
    return [form for form in _forms(key) for text in texts if form.strip() and form in text]


#: Keys that cannot be sent as an HTTP header: refused before any request.
BAD_KEYS = [
    pytest.param("abc def0123456789", "space, tab or line break", id="inner-space"),
    pytest.param("abc\ndef0123456789", "space, tab or line break", id="inner-newline"),
    pytest.param("abc\tdef0123456789", "space, tab or line break", id="inner-tab"),
    pytest.param("abcあdef0123456789", "not ASCII", id="non-latin-1"),
    pytest.param("abcédef0123456789", "not ASCII", id="latin-1-accent"),
    pytest.param("ａｂｃdef0123456789", "full-width", id="full-width-letters"),
    pytest.param("abc\x07def0123456789", "control character", id="control-char"),
    pytest.param("abc\x7fdef0123456789", "control character", id="delete-char"),
    pytest.param(" lead space\nand newline ", "space, tab or line break", id="lead-and-inner"),
]

#: Keys with surrounding whitespace only: stripped and accepted.
STRIPPED_KEYS = [
    pytest.param(f" {KEY}", id="leading-space"),
    pytest.param(f"{KEY}\n", id="trailing-newline"),
    pytest.param(f"{KEY}\r\n", id="trailing-crlf"),
    pytest.param(f"\t{KEY} ", id="tab-and-space"),
    pytest.param(f"\u3000{KEY}\u3000", id="full-width-spaces"),
]


@pytest.mark.parametrize(("key", "problem"), BAD_KEYS)
@pytest.mark.parametrize("dry_run", [False, True], ids=["publish", "dry-run"])
def test_malformed_key_is_refused_up_front_without_echoing_it(
    stub: StubCkan, publication: Path, key: str, problem: str, dry_run: bool
) -> None:
    args = [str(publication), "--ckan-url", stub.url, "--no-validate"]
    result = _cli(args + (["--dry-run"] if dry_run else []), key=key)
    assert result.exit_code == 2, result.output  # an input error, as documented
    assert "Error: the API key (--api-key or CKAN_API_KEY)" in result.stderr
    assert problem in result.stderr
    assert "Traceback" not in result.output
    assert _leaks(key, result.stdout, result.stderr) == []
    assert stub.calls == []  # refused before any request
    with pytest.raises(CatalogConfigError) as caught:
        publish_to_ckan(publication, stub.url, key, dry_run=dry_run, validate=False)
    assert _leaks(key, str(caught.value), repr(caught.value)) == []


@pytest.mark.parametrize("key", STRIPPED_KEYS)
def test_surrounding_whitespace_is_stripped(stub: StubCkan, publication: Path, key: str) -> None:
    result = _cli([str(publication), "--ckan-url", stub.url, "--no-validate"], key=key)
    assert result.exit_code == 0, result.output
    assert {auth for _, auth in stub.calls} == {KEY}


def test_a_blank_key_is_no_key(publication: Path) -> None:
    result = _cli([str(publication), "--ckan-url", "http://127.0.0.1:9"], key=" \n")
    assert result.exit_code == 2
    assert "no API key" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(" LEADSPACEKEY", id="leading-space"),
        pytest.param("KEY\nWITH-NEWLINE", id="newline"),
        pytest.param("KEYあNON-LATIN-1", id="non-latin-1"),
        pytest.param("KEY\r\nX-Injected: 1", id="header-injection"),
    ],
)
def test_transport_never_leaks_a_key_it_cannot_send(stub: StubCkan, key: str) -> None:
    """Defence in depth: a key that skipped check_api_key still never shows."""
    transport = Transport(stub.url, Secret(key), retry=RetryPolicy(attempts=1))
    try:
        with pytest.raises(PublishError) as caught:
            transport.call("status_show", {})
    finally:
        transport.close()
    assert _leaks(key, str(caught.value), repr(caught.value)) == []


def test_secret_redacts_escaped_forms() -> None:
    secret = Secret("ab\ncdあ")
    for text in (repr("ab\ncdあ"), repr("ab\ncdあ".encode()), "ab\ncdあ"):
        assert secret.redact(f"x {text} y") in {"x *** y", "x '***' y", "x b'***' y"}


def test_check_api_key() -> None:
    assert check_api_key(None) is None
    assert check_api_key("  ") is None
    assert check_api_key(" eyJhbGciOi.abc-_~ \n") == "eyJhbGciOi.abc-_~"


def test_missing_source_url_warns_in_the_plan_and_the_run(
    stub: StubCkan, publication: Path
) -> None:
    base = [str(publication), "--ckan-url", stub.url, "--no-validate"]
    dry = _cli([*base, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"warning: {MISSING_URL}" in dry.stdout
    run = _cli(base)
    assert run.exit_code == 0, run.output
    assert run.stdout.startswith("published ")
    assert run.stderr == f"warning: {MISSING_URL}\n"
    again = _cli(base)
    assert "up to date" in again.stdout
    assert f"warning: {MISSING_URL}" in again.stderr  # the catalog still has no url
    assert _cli([*base, "--quiet"]).output == ""  # --quiet prints nothing on success


def test_source_url_from_the_config_silences_the_warning(
    stub: StubCkan, publication: Path, tmp_path: Path
) -> None:
    config = tmp_path / "catalog.toml"
    config.write_text('url = "https://www.city.nerima.tokyo.jp/budget"\n', encoding="utf-8")
    args = [str(publication), "--ckan-url", stub.url, "--no-validate", "--config", str(config)]
    result = _cli(args)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    (package,) = stub.datasets.values()
    assert package["url"] == "https://www.city.nerima.tokyo.jp/budget"


def test_a_source_url_set_in_the_catalog_is_kept_without_warning(
    stub: StubCkan, publication: Path
) -> None:
    publish_to_ckan(publication, stub.url, KEY, validate=False)
    (package,) = stub.datasets.values()
    package["url"] = "https://example.jp/set-by-hand"
    again = publish_to_ckan(publication, stub.url, KEY, validate=False)
    assert again.plan.warnings == ()
    assert again.done == ()


def test_steps_are_numbered_with_the_validation_counted(
    stub: StubCkan, publication: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nerima_opendata.publish.ckan._validate", lambda _publication: None)
    steps: list[Step] = []
    result = publish_to_ckan(publication, stub.url, KEY, progress=steps.append)
    total = 1 + len(result.done)
    assert steps[0].number is None and steps[0].text.startswith("reading the publication")
    assert (steps[1].text, steps[1].number, steps[1].total) == (
        "validating the publication",
        1,
        total,
    )
    assert [(s.number, s.total) for s in steps[1:]] == [(n, total) for n in range(1, total + 1)]
    assert [s.action for s in steps[2:]] == list(result.done)
    steps.clear()
    publish_to_ckan(publication, stub.url, KEY, progress=steps.append)  # up to date
    assert [s.number for s in steps] == [None]  # nothing to write: nothing to validate


def test_terminal_output_has_step_lines_and_no_repeated_list(
    stub: StubCkan, publication: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nerima_opendata.cli.publish._interactive", lambda: True)
    monkeypatch.setattr("nerima_opendata.publish.ckan._validate", lambda _publication: None)
    result = _cli([str(publication), "--ckan-url", stub.url])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"reading the publication and the catalog at {stub.url}")
    total = len(stub.datasets[next(iter(stub.datasets))]["resources"]) + 2  # + dataset, check
    assert lines[1] == f"[1/{total}] validating the publication…"
    assert lines[2].startswith(f"[2/{total}] create dataset ")
    assert lines[total].startswith(f"[{total}/{total}] upload datapackage.json")
    stdout = result.stdout.splitlines()
    assert len(stdout) == 1  # counts only: the steps were shown as they were done
    assert stdout[0].endswith(f": {total - 1} change(s), 0 unchanged, in " + stdout[0][-6:])
    quiet = _cli([str(publication), "--ckan-url", stub.url, "--quiet"])
    assert "[1/" not in quiet.output and "reading" not in quiet.output


def test_without_a_terminal_the_summary_lists_every_step(stub: StubCkan, publication: Path) -> None:
    result = _cli([str(publication), "--ckan-url", stub.url, "--no-validate"])
    assert result.exit_code == 0, result.output
    assert "[1/" not in result.stderr
    assert result.stdout.startswith(f"published {stub.url}/dataset/")
    assert "  upload 131202_budget_projects.csv (new resource" in result.stdout


def test_409_asks_to_fix_the_metadata_not_just_to_rerun(stub: StubCkan, publication: Path) -> None:
    error = {"__type": "Validation Error", "tags": ['Tag "bad!tag" must be alphanumeric']}
    stub.fail("package_create", 409, {"success": False, "error": error})
    result = _cli([str(publication), "--ckan-url", stub.url, "--no-validate"])
    assert result.exit_code == 1
    assert "HTTP 409 validation error" in result.stderr
    assert '  tags: Tag "bad!tag" must be alphanumeric' in result.stderr
    assert "Rerunning alone will not help: fix the values the catalog refused" in result.stderr
    assert "Run the same command again to finish" not in result.stderr
    assert stub.actions().count("package_create") == 1


def test_409_part_way_keeps_what_was_done(stub: StubCkan, publication: Path) -> None:
    error = {"__type": "Validation Error", "name": ["bad"]}
    stub.fail("resource_create", 409, {"success": False, "error": error})
    with pytest.raises(CatalogValidationError) as caught:
        publish_to_ckan(publication, stub.url, KEY, validate=False)
    assert caught.value.done[0].startswith("create dataset")
    assert caught.value.remedy.startswith("Rerunning alone will not help")


@pytest.mark.parametrize(
    ("status", "cli_text"),
    [
        pytest.param(503, "with HTTP 503 (1 attempt(s))", id="5xx"),
        pytest.param(None, "cannot be reached", id="network"),
    ],
)
def test_transient_failure_part_way_keeps_the_rerun_hint(
    stub: StubCkan,
    publication: Path,
    monkeypatch: pytest.MonkeyPatch,
    status: int | None,
    cli_text: str,
) -> None:
    monkeypatch.setattr(
        "nerima_opendata.publish._transport.RetryPolicy", lambda: RetryPolicy(attempts=1)
    )
    if status is not None:
        stub.fail("resource_create", status, {"busy": True})
    else:
        real = Transport._once

        def drop(self: Transport, action: str, *args: Any) -> Any:
            if action == "resource_create":
                import requests

                raise requests.ConnectionError("connection reset (injected)")
            return real(self, action, *args)

        monkeypatch.setattr(Transport, "_once", drop)
    result = _cli([str(publication), "--ckan-url", stub.url, "--no-validate"])
    assert result.exit_code == 1
    assert cli_text in result.stderr
    assert "done before the failure:\n  create dataset" in result.stderr
    assert "Run the same command again to finish" in result.stderr


@pytest.mark.parametrize("kind", ["refused", "not-ckan"])
def test_dry_run_offline_shows_a_first_publish_and_exits_1(
    stub: StubCkan, publication: Path, kind: str
) -> None:
    if kind == "refused":
        url = f"http://127.0.0.1:{_free_port()}"
        expected = "cannot be reached (status_show, 2 attempt(s))"
    else:
        url = stub.url
        stub.fail("status_show", 404, {"not": "ckan"})
        expected = "did not answer status_show like a CKAN action API"
    result = _cli([str(publication), "--ckan-url", url, "--dry-run", "--no-validate"])
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[1] == ASSUMED_NEW
    assert "  create dataset t131202-budget-2024-proposed (new)" in result.stdout
    assert "upload 131202_budget_projects.csv" in result.stdout
    assert '"license_id": "CC-BY-4.0"' in result.stdout
    assert expected in result.stderr
    assert "a dry run needs to read the catalog to compare" in result.stderr
    assert "Traceback" not in result.output


def test_dry_run_offline_in_the_library(publication: Path) -> None:
    plans: list[Plan] = []
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(CatalogUnreachableError, match="plan assumes a new dataset"):
        publish_to_ckan(publication, url, None, dry_run=True, on_plan=plans.append, validate=False)
    assert [plan.assumed_new for plan in plans] == [True]
    assert len(plans[0].writes) == len(plans[0].actions) == 22  # a dataset and 21 files
    plans.clear()
    with pytest.raises(CatalogUnreachableError):  # a real publish plans nothing offline
        publish_to_ckan(
            publication,
            url,
            KEY,
            on_plan=plans.append,
            validate=False,
            retry=RetryPolicy(attempts=1),
            config=CatalogConfig(),
        )
    assert plans == []
