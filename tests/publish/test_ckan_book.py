"""Publishing a budget book's publication to a REAL CKAN 2.11, like the brochure's."""

from __future__ import annotations

import json
from pathlib import Path

import ckanapi  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from nerima_opendata.cli.main import main
from nerima_opendata.publication.build import build
from nerima_opendata.publish.catalog import KEY_FIELD

from ..test_book import book
from .conftest import Ckan

pytestmark = pytest.mark.services


@pytest.fixture(scope="module")
def book_publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A budget book's publication."""
    from nerima_opendata.model import Budget

    out = tmp_path_factory.mktemp("book") / "out"
    build(Budget(**book()), out)
    return out


def test_a_budget_book_is_published_with_every_file(
    ckan: Ckan, book_publication: Path, dataset_name: str
) -> None:
    env = {"CKAN_URL": ckan.url, "CKAN_API_KEY": ckan.api_key}
    args = ["publish", str(book_publication), "--dataset", dataset_name, "--org", ckan.organization]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert ckan.api_key not in result.output
    with ckanapi.RemoteCKAN(ckan.url, apikey=ckan.api_key) as remote:
        package = remote.action.package_show(id=dataset_name)
    assert package["notes"].startswith("【多摩市】令和3年度当初予算の予算書の明細データです。")
    assert "明細の金額（主金額）の合計は357円です。" in package["notes"]
    descriptor = json.loads((book_publication / "datapackage.json").read_text(encoding="utf-8"))
    keys = [r["name"] for r in descriptor["resources"]] + ["datapackage"]
    assert [r[KEY_FIELD] for r in package["resources"]] == keys
    assert {"classifications", "amount_kinds", "lines", "line_amounts"} <= set(keys)
    assert package["maintainer"] is None  # the source names no department: none is invented
