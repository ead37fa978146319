"""Catalog metadata and config: unit tests, no server."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nerima_opendata.model import Budget
from nerima_opendata.publish import (
    CatalogConfig,
    CatalogConfigError,
    RetryPolicy,
    catalog_entry,
    dataset_payload,
    default_dataset_name,
    load_config,
    override,
)
from nerima_opendata.publish._transport import Secret
from nerima_opendata.publish.catalog import CKAN_NAME, KEY_FIELD, read_budget

EXAMPLE = Path(__file__).resolve().parent.parent.parent / "catalog.toml.example"


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        pytest.param("name", "t131202-budget-2024-proposed", id="name"),
        pytest.param("owner_org", "t131202", id="organization"),
        pytest.param("title", "練馬区 令和6年度当初予算案 主な事業", id="title"),
        pytest.param("license_id", "CC-BY-4.0", id="license"),
        pytest.param("maintainer", "財政課", id="maintainer"),
        pytest.param("private", False, id="private"),
        pytest.param(
            "extras",
            [
                {"key": "更新頻度", "value": "年1回"},
                {"key": "spatial_uri", "value": "http://data.e-stat.go.jp/lod/sac/C13120"},
                {"key": "temporal_start", "value": "2024-04-01"},
                {"key": "temporal_end", "value": "2025-03-31"},
                {
                    "key": "theme",
                    "value": '["http://publications.europa.eu/resource/authority/data-theme/GOVE"]',
                },
                {
                    "key": "access_rights",
                    "value": "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
                },
            ],
            id="extras",
        ),
        pytest.param("groups", [], id="groups"),
    ],
)
def test_default_dataset_fields(budget: Budget, field: str, expected: Any) -> None:
    assert dataset_payload(budget, CatalogConfig())[field] == expected


def test_default_notes_describe_data_source_and_phase(budget: Budget) -> None:
    notes = dataset_payload(budget, CatalogConfig())["notes"]
    assert notes.startswith("【練馬区】令和6年度当初予算案")
    for text in ("主な事業26件", "取組72件", "出典: ねりま区報", "予算段階: 当初予算案", "財政課"):
        assert text in notes


def test_default_tags_and_name(budget: Budget) -> None:
    payload = dataset_payload(budget, CatalogConfig())
    assert [t["name"] for t in payload["tags"]] == [
        "予算",
        "当初予算案",
        "令和6年度",
        "財政",
        "行財政",
        "練馬区",
    ]
    assert re.fullmatch(CKAN_NAME, default_dataset_name(budget))
    assert "url" not in payload  # the shipped data has no 出典_URL: set `url` in the config


def test_config_overrides_every_derived_field(budget: Budget) -> None:
    config = CatalogConfig(
        dataset="t131202d0000000123",
        title="予算",
        notes="【練馬区】別の説明",
        maintainer="企画課",
        url="https://example.jp/budget",
        tags=("a-tag",),
        groups=("finance",),
        extras={"公開日": "2024-02-01"},
        update_frequency="随時",
        private=True,
    )
    payload = dataset_payload(budget, config)
    assert payload["name"] == "t131202d0000000123"
    assert (payload["title"], payload["notes"], payload["maintainer"]) == (
        "予算",
        "【練馬区】別の説明",
        "企画課",
    )
    assert payload["url"] == "https://example.jp/budget"
    assert payload["extras"][0] == {"key": "更新頻度", "value": "随時"}
    assert payload["extras"][-1] == {"key": "公開日", "value": "2024-02-01"}
    assert (payload["tags"], payload["groups"], payload["private"]) == (
        [{"name": "a-tag"}],
        [{"name": "finance"}],
        True,
    )


def test_notes_must_start_with_the_municipality(budget: Budget) -> None:
    with pytest.raises(CatalogConfigError, match="【練馬区】"):
        dataset_payload(budget, CatalogConfig(notes="説明"))


def test_the_example_config_loads() -> None:
    config = load_config(EXAMPLE)
    assert (config.organization, config.license_id, config.maintainer) == (
        "t131202",
        "CC-BY-4.0",
        "財政課",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param('dataset = "Has Capitals"', "dataset", id="bad-dataset-name"),
        pytest.param('organisation = "t131202"', "organisation", id="unknown-key"),
        pytest.param("tags = [", "not valid TOML", id="not-toml"),
        pytest.param('url = "ftp://x"', "url", id="bad-url"),
        pytest.param(
            "[resources.projects]\nsize = 3", "resources.projects.size", id="bad-resource"
        ),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogConfigError, match=re.escape(message)) as caught:
        load_config(path)
    assert str(path) in str(caught.value)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogConfigError, match="cannot read"):
        load_config(tmp_path / "absent.toml")


def test_command_line_overrides_are_validated() -> None:
    assert override(CatalogConfig(), dataset="abc", organization=None).dataset == "abc"
    with pytest.raises(CatalogConfigError, match="dataset"):
        override(CatalogConfig(), dataset="Bad Name")


def _descriptor(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    return data


def test_every_file_becomes_a_resource_descriptor_last(publication: Path, budget: Budget) -> None:
    entry = catalog_entry(publication, CatalogConfig(), budget)
    names = [r["name"] for r in _descriptor(publication)["resources"]]
    assert [r.key for r in entry.resources] == [*names, "datapackage"]
    for resource in entry.resources:
        assert resource.sha256 == hashlib.sha256(resource.path.read_bytes()).hexdigest()
        assert resource.size == resource.path.stat().st_size
        assert resource.payload()[KEY_FIELD] == resource.key
    by_key = {r.key: r for r in entry.resources}
    assert (by_key["projects"].name, by_key["projects"].format) == ("主な事業（CSV）", "CSV")
    assert by_key["projects"].mimetype == "text/csv"
    assert by_key["projects"].description.startswith("主な事業")
    assert by_key["datapackage"].mimetype == "application/json"


def test_resource_order_and_overrides(publication: Path, budget: Budget) -> None:
    config = CatalogConfig.model_validate(
        {
            "resource_order": ["projects", "initiatives"],
            "resources": {"projects": {"name": "事業一覧", "description": "説明"}},
        }
    )
    entry = catalog_entry(publication, config, budget)
    assert [r.key for r in entry.resources[:2]] == ["projects", "initiatives"]
    assert (entry.resources[0].name, entry.resources[0].description) == ("事業一覧", "説明")


def test_config_naming_an_absent_resource_is_an_error(publication: Path, budget: Budget) -> None:
    config = CatalogConfig.model_validate({"resources": {"nope": {"name": "x"}}})
    with pytest.raises(CatalogConfigError, match="nope"):
        catalog_entry(publication, config, budget)


def test_a_file_changed_after_the_build_is_refused(publication: Path, budget: Budget) -> None:
    with (publication / "131202_budget_tags.csv").open("ab") as stream:
        stream.write(b"edited")
    with pytest.raises(CatalogConfigError, match="SHA-256") as caught:
        catalog_entry(publication, CatalogConfig(), budget)
    assert "131202_budget_tags.csv" in str(caught.value)


@pytest.mark.parametrize("path", ["../outside.csv", "/etc/passwd"], ids=["climbing", "absolute"])
def test_unsafe_resource_paths_are_refused(publication: Path, budget: Budget, path: str) -> None:
    descriptor = _descriptor(publication)
    descriptor["resources"][0]["path"] = path
    (publication / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(CatalogConfigError, match="unsafe"):
        catalog_entry(publication, CatalogConfig(), budget)


def test_a_renamed_file_is_found_through_the_descriptor(publication: Path, budget: Budget) -> None:
    descriptor = _descriptor(publication)
    (tags,) = (r for r in descriptor["resources"] if r["name"] == "tags")
    (publication / tags["path"]).rename(publication / "renamed-tags.csv")
    tags["path"] = "renamed-tags.csv"
    (publication / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    by_key = {r.key: r for r in catalog_entry(publication, CatalogConfig(), budget).resources}
    assert by_key["tags"].path == publication / "renamed-tags.csv"
    assert read_budget(publication) == budget


def _set_path(name: str, path: str) -> Callable[[dict[str, Any]], None]:
    def edit(descriptor: dict[str, Any]) -> None:
        next(r for r in descriptor["resources"] if r["name"] == name)["path"] = path

    return edit


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(None, "no datapackage.json", id="no-descriptor"),
        pytest.param(lambda d: d.pop("resources"), "not a data package", id="no-resources"),
        pytest.param(lambda d: d["resources"].append(1), "not an object", id="not-an-object"),
        pytest.param(_set_path("tags", "gone.csv"), "missing", id="missing-file"),
        pytest.param(
            _set_path("budget-turtle", "131202_budget.nt"), "not Turtle", id="wrong-suffix"
        ),
    ],
)
def test_a_descriptor_that_cannot_be_used_is_a_config_error(
    publication: Path,
    budget: Budget,
    edit: Callable[[dict[str, Any]], object] | None,
    message: str,
) -> None:
    if edit is None:
        (publication / "datapackage.json").unlink()
    else:
        descriptor = _descriptor(publication)
        edit(descriptor)
        (publication / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(CatalogConfigError, match=message):
        catalog_entry(publication, CatalogConfig(), budget)


def test_the_budget_reads_back_from_the_publication(publication: Path, budget: Budget) -> None:
    assert read_budget(publication) == budget


def test_retry_delays_grow_exponentially_up_to_a_cap() -> None:
    policy = RetryPolicy(attempts=6, base_delay=0.5, max_delay=4)
    assert [policy.delay(i) for i in range(5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    with pytest.raises(ValueError, match="attempts"):
        RetryPolicy(attempts=0)


def test_a_secret_never_shows_itself() -> None:
    secret = Secret("s3cr3t-value")
    assert "s3cr3t" not in repr(secret) + str(secret) + f"{secret}"
    assert secret.redact("key s3cr3t-value here") == "key *** here"
    assert secret.reveal() == "s3cr3t-value"


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        pytest.param({}, {}, id="absent"),
        pytest.param({"issued": "2024-02-05"}, {"issued": "2024-02-05"}, id="issued-only"),
        pytest.param(
            {"issued": "2024-02-05", "modified": "2024-03-01"},
            {"issued": "2024-02-05", "modified": "2024-03-01"},
            id="both",
        ),
    ],
)
def test_the_source_dates_are_ckanext_dcat_extras(
    budget: Budget, dates: dict[str, str], expected: dict[str, str]
) -> None:
    """``issued`` and ``modified`` (ckanext-dcat's keys) when known, never the clock."""
    from nerima_opendata.model import BudgetInfo

    info = BudgetInfo.model_validate({**budget.info.model_dump(), **dates})
    extras = dataset_payload(budget.model_copy(update={"info": info}), CatalogConfig())["extras"]
    stated = {e["key"]: e["value"] for e in extras if e["key"] in ("issued", "modified")}
    assert stated == expected
