"""The catalog dataset's fields, derived from the budget of the publication.

One source: the dataset's title, notes, tags and contact come from
:class:`nerima_opendata.model.Budget`, read back from the publication's CSV tables
(:func:`read_budget`); every field can be overridden in the catalog config
(:class:`~nerima_opendata.publish.config.CatalogConfig`).

The record carries what the DCAT description says for catalogs
(:mod:`nerima_opendata.writers.dcat_terms`), where CKAN has a place for it: the category
行財政 as a tag, and as ``extras`` named as ckanext-dcat names them (so a CKAN that
serves DCAT states them again): ``spatial_uri`` (the e-Stat statistical area),
``temporal_start`` and ``temporal_end`` (the fiscal year), ``theme`` (a JSON list of the
EU data theme) and ``access_rights``. No ``issued`` or ``modified``: the budget holds no
date. The licence is the dataset's ``license_id``; CKAN has no licence per resource.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nerima_opendata.checks.records import read_table
from nerima_opendata.errors import InputError, RecordError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import Budget, BudgetPhase, DocumentKind, Record, TableName
from nerima_opendata.model.tables import kinds_listed, tables_for
from nerima_opendata.publish.config import CatalogConfig
from nerima_opendata.publish.errors import CatalogConfigError
from nerima_opendata.rdf.iris import statistical_area_iri
from nerima_opendata.readers.package import read_descriptor, resources_by_name
from nerima_opendata.writers.dcat_terms import (
    ACCESS_RIGHTS_PUBLIC,
    CATEGORY_JA,
    THEME_GOVERNMENT,
    catalog_dates,
    fiscal_year_period,
)
from nerima_opendata.writers.describe import contact_ja, holdings
from nerima_opendata.writers.formats import DESCRIPTOR

__all__ = ["catalog_extras", "dataset_payload", "default_dataset_name", "read_budget"]

_PHASE_NOTE = {
    BudgetPhase.PROPOSED: "議会の議決前の予算案です。",
    BudgetPhase.APPROVED: "議会で議決された予算です。",
    BudgetPhase.ADJUSTED: "補正予算です。",
    BudgetPhase.EXECUTED: "決算です。",
}


def read_budget(publication: StrPath) -> Budget:
    """Read the budget back from a publication's CSV tables (fast; no full validation).

    The records are parsed into the models, whose integrity checks run as usual; the
    full validation (Frictionless, SHACL) is :func:`nerima_opendata.validate`.

    Args:
        publication: The output directory of ``nerima-opendata build``.

    Returns:
        The budget.

    Raises:
        InputError: The descriptor or a table cannot be read into a consistent budget.
    """
    publication = Path(publication)
    descriptor = read_descriptor(publication)
    listed = resources_by_name(descriptor)
    records: dict[TableName, list[Record]] = {}
    for spec in tables_for(kinds_listed(str(name) for name in listed)):
        if spec.name not in listed:
            raise InputError(
                f"the table {spec.name!r} is not in the publication",
                path=publication / DESCRIPTOR,
                expected="the output of `nerima-opendata build`",
            )
        read = read_table(publication, listed[spec.name], spec)
        if read.errors:
            raise InputError(
                f"the publication does not read back: {read.errors[0].render()}",
                path=publication,
                expected="a valid publication (run `nerima-opendata validate`)",
            )
        records[spec.name] = [row.record for row in read.records]
    try:
        return Budget.from_tables(records)
    except RecordError as exc:
        raise InputError(
            f"the publication is not a consistent budget: {exc.message}",
            path=publication,
            expected="a valid publication (run `nerima-opendata validate`)",
        ) from None


def default_dataset_name(budget: Budget) -> str:
    """The default dataset name: ``t{code}-budget-{budget id}``, a valid CKAN name.

    The Tokyo catalog's operator assigns the real id (``t131202dNNNNNNNNNN``); set it
    as ``dataset`` in the config or with ``--dataset``.
    """
    return f"t{budget.info.municipality_code}-budget-{budget.info.id}"


def _book_notes(budget: Budget) -> str:
    info = budget.info
    held_ja, _ = holdings(budget)
    units = sorted({k.unit.label_ja for k in budget.amount_kinds})
    lines = [
        f"【{info.municipality_name}】{info.fiscal_year_label}{info.phase_label}の予算書の明細データです。"
        f"{held_ja}を収録しています。款・項・目の計は明細の合計として導かれます。",
        f"明細の金額（主金額）の合計は{budget.total:,}円です。"
        f"出典の単位は{'・'.join(units)}で、円単位の整数に換算しています。",
        "",
        f"出典: {info.source_title}"
        + (f"（{info.source_url}）" if info.source_url else "")
        + "。取り込まなかった列とその理由、推定は編集注のファイルに記録しています。",
        *([contact_ja(info)] if info.department else []),
        "",
        "各ファイルの列定義・バイト数・SHA-256は datapackage.json にあります。"
        "英語の表記は非公式の翻訳です。",
    ]
    return "\n".join(lines)


def _default_notes(budget: Budget) -> str:
    info = budget.info
    if budget.kind is DocumentKind.BOOK:
        return _book_notes(budget)
    lines = [
        f"【{info.municipality_name}】{info.fiscal_year_label}{info.phase_label}の"
        f"施策の柱・主な事業・取組のデータです。"
        f"施策の柱{len(budget.pillars)}件、主な事業{len(budget.projects)}件（予算額は円単位の整数）、"
        f"取組{len(budget.initiatives)}件（新規・都内初などのタグ付き）と用語注・編集注を収録しています。",
        f"掲載事業の予算額の合計は{budget.total:,}円です（会計全体の総額ではありません）。",
        "",
        f"予算段階: {info.phase_label}（{info.fiscal_year}年度）。{_PHASE_NOTE[info.phase]}"
        f"{info.deliberating_body}の{info.deliberation_session}で審議されます。",
        f"出典: {info.source_title}"
        + (f"（{info.source_url}）" if info.source_url else "")
        + "。資料の表記の補正と推定は編集注のファイルに記録しています。",
        f"問合せ: {info.municipality_name} {info.department}（{info.telephone}）",
        "",
        "各ファイルの列定義・バイト数・SHA-256は datapackage.json にあります。"
        "英語の表記は非公式の翻訳です。",
    ]
    return "\n".join(lines)


def _default_tags(budget: Budget) -> tuple[str, ...]:
    info = budget.info
    return (
        "予算",
        info.phase_label,
        info.fiscal_year_label,
        "財政",
        CATEGORY_JA,
        info.municipality_name,
    )


def catalog_extras(budget: Budget) -> dict[str, str]:
    """The DCAT terms of the budget as CKAN ``extras`` (ckanext-dcat's keys).

    Args:
        budget: The budget.

    Returns:
        ``spatial_uri``, ``temporal_start``, ``temporal_end``, ``theme``, ``access_rights``,
        and ``issued``, ``modified`` (ISO dates) when the source gives them (never the
        clock).
    """
    info = budget.info
    start, end = fiscal_year_period(info.fiscal_year)
    dates = {name: day.isoformat() for name, day in catalog_dates(info).items()}
    return {
        "spatial_uri": str(statistical_area_iri(info.municipality_code)),
        "temporal_start": start.isoformat(),
        "temporal_end": end.isoformat(),
        "theme": json.dumps([str(THEME_GOVERNMENT)]),
        "access_rights": str(ACCESS_RIGHTS_PUBLIC),
        **dates,
    }


def dataset_payload(budget: Budget, config: CatalogConfig) -> dict[str, Any]:
    """The CKAN dataset fields for a budget (no resources).

    Args:
        budget: The budget of the publication.
        config: The catalog config; its values override the derived ones.

    Returns:
        A ``package_create`` payload: ``name``, ``title``, ``owner_org``, ``notes``,
        ``license_id``, ``maintainer``, ``url``, ``private``, ``tags``, ``extras``,
        ``groups`` (empty or unset optional fields are left out).

    Raises:
        CatalogConfigError: The notes do not begin with 【municipality】.
    """
    info = budget.info
    notes = config.notes or _default_notes(budget)
    prefix = f"【{info.municipality_name}】"
    if not notes.startswith(prefix):
        raise CatalogConfigError(
            "the dataset notes must begin with the municipality in 【】",
            found=notes[:20],
            expected=f"notes beginning {prefix}",
        )
    extras = {"更新頻度": config.update_frequency, **catalog_extras(budget), **config.extras}
    payload: dict[str, Any] = {
        "name": config.dataset or default_dataset_name(budget),
        "title": config.title or f"{info.municipality_name} {info.title}",
        "owner_org": config.organization or f"t{info.municipality_code}",
        "notes": notes,
        "license_id": config.license_id,
        "maintainer": config.maintainer or info.department,
        "private": config.private,
        "tags": [{"name": tag} for tag in (config.tags or _default_tags(budget))],
        "extras": [{"key": key, "value": value} for key, value in extras.items()],
        "groups": [{"name": group} for group in config.groups],
    }
    if config.maintainer_email:
        payload["maintainer_email"] = config.maintainer_email
    url = config.url or info.source_url
    if url:
        payload["url"] = url
    return payload
