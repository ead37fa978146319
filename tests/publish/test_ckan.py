"""Publishing against a REAL CKAN 2.11 (scripts/services/ckan.sh); CKAN is not mocked.

Each test publishes to its own dataset, so the tests are independent of each other
and of their order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ckanapi  # type: ignore[import-untyped]
import pytest
import requests
from click.testing import CliRunner, Result

from nerima_opendata import build_publication
from nerima_opendata.cli.main import main
from nerima_opendata.publish import (
    ActionKind,
    CatalogAuthError,
    CatalogConfig,
    CatalogValidationError,
    OrganizationNotFoundError,
    PublishError,
    PublishResult,
    RetryPolicy,
    publish_to_ckan,
)
from nerima_opendata.publish._transport import Transport
from nerima_opendata.publish.catalog import KEY_FIELD
from nerima_opendata.publish.dataset import catalog_extras, read_budget

from ..conftest import apply_edit
from .conftest import Ckan

pytestmark = pytest.mark.services


def _publish(ckan: Ckan, out: Path, name: str, **kwargs: Any) -> PublishResult:
    config = kwargs.pop("config", CatalogConfig())
    config = config.model_copy(update={"dataset": name})
    kwargs.setdefault("validate", False)  # the first-publish test runs the validation
    return publish_to_ckan(
        out, ckan.url, kwargs.pop("api_key", ckan.api_key), config=config, **kwargs
    )


def _show(ckan: Ckan, name: str) -> dict[str, Any]:
    with ckanapi.RemoteCKAN(ckan.url, apikey=ckan.api_key) as remote:
        found: dict[str, Any] = remote.action.package_show(id=name)
    return found


def _absent(ckan: Ckan, name: str) -> bool:
    try:
        _show(ckan, name)
    except ckanapi.NotFound:
        return True
    return False


def _cli(ckan: Ckan, args: list[str], *, key: str | None = None) -> Result:
    env = {"CKAN_URL": ckan.url, "CKAN_API_KEY": key or ckan.api_key}
    return CliRunner().invoke(main, ["publish", *args], env=env)


def _files(out: Path) -> dict[str, str]:
    """Every file of the publication by its resource key, the descriptor last."""
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r["path"] for r in descriptor["resources"]} | {
        "datapackage": "datapackage.json"
    }


def _descriptor_keys(out: Path) -> list[str]:
    return list(_files(out))


def test_first_publish_creates_the_dataset_and_every_resource(
    ckan: Ckan, publication: Path, dataset_name: str
) -> None:
    result = _cli(ckan, [str(publication), "--dataset", dataset_name])
    assert result.exit_code == 0, result.output
    assert f"published {ckan.url}/dataset/{dataset_name}" in result.stdout
    package = _show(ckan, dataset_name)
    assert package["organization"]["name"] == ckan.organization
    assert package["notes"].startswith("【練馬区】")
    assert (package["license_id"], package["maintainer"]) == ("CC-BY-4.0", "財政課")
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras == {"更新頻度": "年1回", **catalog_extras(read_budget(publication))}
    assert {"予算", "当初予算案", "令和6年度"} <= {t["name"] for t in package["tags"]}
    resources = package["resources"]
    assert [r[KEY_FIELD] for r in resources] == _descriptor_keys(publication)
    assert [r["position"] for r in resources] == list(range(len(resources)))
    assert resources[2]["name"] == "主な事業（CSV）"
    descriptor = json.loads((publication / "datapackage.json").read_text(encoding="utf-8"))
    mediatypes = {r["name"]: r["mediatype"] for r in descriptor["resources"]}
    mediatypes["datapackage"] = "application/json"
    assert {r[KEY_FIELD]: r["mimetype"] for r in resources} == mediatypes
    assert {r["format"] for r in resources if r["mimetype"] == "text/csv"} == {"CSV"}
    assert all(r["url_type"] == "upload" and len(r["hash"]) == 64 for r in resources)


def test_republish_is_idempotent(ckan: Ckan, publication: Path, dataset_name: str) -> None:
    first = _publish(ckan, publication, dataset_name)
    before = _show(ckan, dataset_name)
    again = _publish(ckan, publication, dataset_name)
    after = _show(ckan, dataset_name)
    assert again.write_calls == 0
    assert again.done == ()
    assert {a.kind for a in again.plan.actions} == {
        ActionKind.KEEP_DATASET,
        ActionKind.KEEP_RESOURCE,
    }
    assert [r["id"] for r in after["resources"]] == [r["id"] for r in before["resources"]]
    assert again.resource_ids == first.resource_ids
    assert after["metadata_modified"] == before["metadata_modified"]
    cli = _cli(ckan, [str(publication), "--dataset", dataset_name, "--no-validate"])
    assert cli.exit_code == 0, cli.output
    assert "up to date" in cli.stdout


def test_changed_file_replaces_its_resource_in_place(
    ckan: Ckan, built: Path, publication: Path, package_copy: Path, dataset_name: str
) -> None:
    first = _publish(ckan, publication, dataset_name)
    text = "データ変更後の取組の内容（テスト）"
    apply_edit(
        package_copy,
        {"file": "131202_budget_initiatives.csv", "row": 2, "column": "内容", "value": text},
    )
    build_publication(publication, package_copy)
    changed = {
        key
        for key, file in _files(publication).items()
        if (publication / file).read_bytes() != (built / file).read_bytes()
    }
    assert {"initiatives", "datapackage"} <= changed
    second = _publish(ckan, publication, dataset_name)
    replaced = {a.key for a in second.done if a.kind is ActionKind.REPLACE_RESOURCE}
    assert replaced == changed
    assert second.write_calls == len(changed)
    assert second.resource_ids == first.resource_ids
    resources = {r[KEY_FIELD]: r for r in _show(ckan, dataset_name)["resources"]}
    assert {k: r["id"] for k, r in resources.items()} == first.resource_ids
    download = requests.get(resources["initiatives"]["url"], timeout=30)
    assert download.content == (publication / "131202_budget_initiatives.csv").read_bytes()
    assert text in download.content.decode("utf-8-sig")


def test_every_resource_downloads_byte_for_byte(
    ckan: Ckan, publication: Path, dataset_name: str
) -> None:
    _publish(ckan, publication, dataset_name)
    files = _files(publication)
    resources = _show(ckan, dataset_name)["resources"]
    assert len(resources) == len(files)
    for resource in resources:
        download = requests.get(resource["url"], timeout=30)
        assert download.status_code == 200, resource["url"]
        assert download.content == (publication / files[resource[KEY_FIELD]]).read_bytes()


def test_dry_run_creates_nothing(ckan: Ckan, publication: Path, dataset_name: str) -> None:
    result = _cli(ckan, [str(publication), "--dataset", dataset_name, "--dry-run", "--no-validate"])
    assert result.exit_code == 0, result.output
    assert f"create dataset {dataset_name}" in result.stdout
    assert '"license_id": "CC-BY-4.0"' in result.stdout
    assert "upload 131202_budget_projects.csv" in result.stdout
    assert "API key: ***" in result.stdout
    assert ckan.api_key not in result.output
    dry = _publish(ckan, publication, dataset_name, dry_run=True)
    assert (dry.write_calls, dry.done) == (0, ())
    assert len(dry.plan.writes) == len(_descriptor_keys(publication)) + 1
    assert _absent(ckan, dataset_name)


def test_bad_key_is_refused_clearly(ckan: Ckan, publication: Path, dataset_name: str) -> None:
    bad = "bad-key-0123456789abcdef-must-not-leak"
    result = _cli(ckan, [str(publication), "--dataset", dataset_name], key=bad)
    assert result.exit_code == 1
    assert "API key" in result.stderr
    assert "Traceback" not in result.output
    assert bad not in result.output
    with pytest.raises(CatalogAuthError) as caught:
        _publish(ckan, publication, dataset_name, api_key=bad)
    assert bad not in str(caught.value)
    assert bad not in repr(caught.value)
    dry = _cli(
        ckan, [str(publication), "--dataset", dataset_name, "--dry-run", "--no-validate"], key=bad
    )
    assert bad not in dry.output
    assert _absent(ckan, dataset_name)


def test_unknown_organization(ckan: Ckan, publication: Path, dataset_name: str) -> None:
    result = _cli(ckan, [str(publication), "--dataset", dataset_name, "--org", "t999999"])
    assert result.exit_code == 1
    assert "organization 't999999' does not exist" in result.stderr
    assert "Traceback" not in result.output
    with pytest.raises(OrganizationNotFoundError):
        _publish(ckan, publication, dataset_name, config=CatalogConfig(organization="t999999"))
    assert _absent(ckan, dataset_name)


def test_validation_error_shows_field_errors(
    ckan: Ckan, publication: Path, dataset_name: str
) -> None:
    config = CatalogConfig(tags=("予算", "bad!tag"))
    with pytest.raises(CatalogValidationError) as caught:
        _publish(ckan, publication, dataset_name, config=config)
    assert "tags" in caught.value.field_errors
    assert "409" in str(caught.value)
    assert "bad!tag" in str(caught.value)
    assert caught.value.pending[0].startswith("create dataset")
    assert caught.value.remedy.startswith("Rerunning alone will not help: fix the values")


def test_partial_failure_is_reported_and_a_rerun_finishes(
    ckan: Ckan, publication: Path, dataset_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Transport._once
    uploads = 0

    def flaky(self: Transport, action: str, *args: Any) -> Any:
        nonlocal uploads
        if action == "resource_create":
            uploads += 1
            if uploads == 4:
                raise requests.ConnectionError("connection reset by peer (injected)")
        return real(self, action, *args)

    monkeypatch.setattr(Transport, "_once", flaky)
    with pytest.raises(PublishError) as caught:
        _publish(ckan, publication, dataset_name, retry=RetryPolicy(attempts=1))
    error = caught.value
    assert error.done[0] == f"create dataset {dataset_name} (new)"
    assert len(error.done) == 4  # the dataset and three files
    assert error.pending[0].startswith("upload 131202_budget_initiatives.csv")
    assert ckan.api_key not in str(error)
    monkeypatch.undo()
    rerun = _publish(ckan, publication, dataset_name)
    remaining = len(_descriptor_keys(publication)) - 3
    assert [a.kind for a in rerun.done] == [ActionKind.CREATE_RESOURCE] * remaining
    keys = [r[KEY_FIELD] for r in _show(ckan, dataset_name)["resources"]]
    assert keys == _descriptor_keys(publication)


def test_lost_responses_are_retried_without_duplicates(
    ckan: Ckan, publication: Path, dataset_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worst transient error: CKAN did the write, but its answer was lost."""
    real = Transport._once
    lost: list[str] = []

    def answer_lost(self: Transport, action: str, *args: Any) -> Any:
        answer = real(self, action, *args)
        if action in {"package_create", "resource_create"} and len(lost) < 3:
            lost.append(action)
            raise requests.ConnectionError("connection reset by peer (injected)")
        return answer

    monkeypatch.setattr(Transport, "_once", answer_lost)
    result = _publish(ckan, publication, dataset_name, retry=RetryPolicy(base_delay=0.01))
    assert lost == ["package_create", "resource_create", "resource_create"]
    assert len(result.done) == len(_descriptor_keys(publication)) + 1
    keys = [r[KEY_FIELD] for r in _show(ckan, dataset_name)["resources"]]
    assert keys == _descriptor_keys(publication)
