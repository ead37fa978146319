"""Publishing to an open-data catalog (CKAN, as run by the Tokyo open-data catalog).

>>> from nerima_opendata.publish import load_config, publish_to_ckan
>>> result = publish_to_ckan(Path("out"), "https://catalog.example.jp", key,
...                          config=load_config(Path("catalog.toml")))  # doctest: +SKIP

:mod:`~nerima_opendata.publish.catalog` derives the dataset and resource metadata
(from :mod:`~nerima_opendata.publish.config`, the catalog config;
:mod:`~nerima_opendata.publish.dataset`, the dataset's fields; and
:mod:`~nerima_opendata.publish.resources`, the files as resources);
:mod:`~nerima_opendata.publish.ckan` plans and executes the publish
(:mod:`~nerima_opendata.publish.plan` compares the catalog with the publication,
:mod:`~nerima_opendata.publish.executor` makes the write calls);
:mod:`~nerima_opendata.publish.errors` holds the errors.
"""

from __future__ import annotations

from nerima_opendata.publish.catalog import (
    CatalogConfig,
    CatalogEntry,
    CatalogResource,
    ResourceConfig,
    catalog_entry,
    dataset_payload,
    default_dataset_name,
    load_config,
    override,
)
from nerima_opendata.publish.ckan import (
    Action,
    ActionKind,
    CkanPublisher,
    Plan,
    PublishResult,
    RetryPolicy,
    Step,
    publish_to_ckan,
)
from nerima_opendata.publish.errors import (
    CatalogAuthError,
    CatalogConfigError,
    CatalogUnreachableError,
    CatalogValidationError,
    OrganizationNotFoundError,
    PublishError,
)

__all__ = [
    "Action",
    "ActionKind",
    "CatalogAuthError",
    "CatalogConfig",
    "CatalogConfigError",
    "CatalogEntry",
    "CatalogResource",
    "CatalogUnreachableError",
    "CatalogValidationError",
    "CkanPublisher",
    "OrganizationNotFoundError",
    "Plan",
    "PublishError",
    "PublishResult",
    "ResourceConfig",
    "RetryPolicy",
    "Step",
    "catalog_entry",
    "dataset_payload",
    "default_dataset_name",
    "load_config",
    "override",
    "publish_to_ckan",
]
