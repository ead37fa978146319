"""The preview page's figures: the summary of the headline amounts and the bar charts.

The summary states the total of the listed main projects (which is not the total of
the general account) and each pillar's amount and share; the charts draw the same
figures as inline SVG (:mod:`._svg`), one colour per pillar.
"""

from __future__ import annotations

from nerima_opendata.model import Budget
from nerima_opendata.model.amounts import format_amount
from nerima_opendata.writers.html.markup import bi, e, share, yen
from nerima_opendata.writers.html.svg import Bar, bar_chart, colour

__all__ = ["charts", "summary"]


def summary(budget: Budget) -> str:
    """The summary section: the total of the listed projects, and a card per pillar.

    Args:
        budget: The budget.

    Returns:
        The ``<section id="summary">`` markup; the total carries ``data-total``, each
        card ``data-pillar`` and ``data-amount``.
    """
    total, totals = budget.total, budget.totals_by_pillar()
    count = len(budget.projects)
    cards = []
    for index, pillar in enumerate(budget.pillars):
        amount = totals[pillar.id]
        projects = sum(1 for _ in budget.projects_in(pillar.id))
        cards.append(
            f'<li class="card pillar" id="pillar-{e(pillar.id)}" style="--pillar: {colour(index)}" '
            f'data-pillar="{e(pillar.id)}" data-amount="{amount}">'
            f"<div><strong>{e(pillar.id)}</strong> {bi(pillar.title, pillar.title_en)}</div>"
            f'<div class="amount">{e(format_amount(amount))}</div>'
            f'<div class="yen">{e(yen(amount))}</div>'
            f'<div>構成比 <span class="share">{share(amount, total)}</span> · '
            f'{projects}事業 <span lang="en">({projects} projects)</span></div></li>'
        )
    return (
        '<section id="summary"><h2>概要 <span class="en" lang="en">Summary</span></h2>'
        f'<div class="total" data-total="{total}">'
        f"<div>掲載された主な事業{count}件の予算額の合計 "
        f'<span class="en" lang="en">Total of the {count} listed main projects</span></div>'
        f'<div class="figure">{e(format_amount(total))}</div>'
        f'<div class="yen">{e(yen(total))}</div>'
        f"<p><strong>これは主な事業{count}件の合計であり、{e(budget.info.municipality_name)}の一般会計の総額ではありません。</strong>"
        f'<span class="en" lang="en">This is the sum of the {count} main projects listed in '
        "the source, not the total of the general account.</span></p></div>"
        f"<p>施策の柱{len(budget.pillars)}件 · 主な事業{count}件 · 取組{len(budget.initiatives)}件 "
        f'<span lang="en">({len(budget.pillars)} pillars, {count} projects, '
        f"{len(budget.initiatives)} initiatives)</span></p>"
        f'<h3>施策の柱ごとの予算額と構成比 <span class="en" lang="en">Amount and share by pillar'
        f'</span></h3><ul class="cards">{"".join(cards)}</ul></section>'
    )


def charts(budget: Budget) -> str:
    """The charts section: amounts by pillar, and by project coloured by pillar.

    Args:
        budget: The budget.

    Returns:
        The ``<section id="charts">`` markup, with two inline SVG bar charts.
    """
    pillar_svg = bar_chart(
        "chart-pillars",
        "施策の柱ごとの予算額 / Amount by pillar",
        f"施策の柱{len(budget.pillars)}件それぞれに属する主な事業の予算額の合計と構成比。"
        "棒の長さは金額に比例する。 Sum of the main projects' amounts in each pillar, "
        "with its share of the total; bar length is proportional to the amount.",
        _pillar_bars(budget),
    )
    project_svg = bar_chart(
        "chart-projects",
        "事業ごとの予算額 / Amount by project",
        f"主な事業{len(budget.projects)}件の予算額。施策の柱ごとにまとめ、柱の色で塗り分けている。 "
        f"The amounts of the {len(budget.projects)} main projects, grouped and coloured "
        "by pillar.",
        _project_bars(budget),
    )
    return (
        '<section id="charts"><h2>グラフ <span class="en" lang="en">Charts</span></h2>'
        "<figure><figcaption>施策の柱ごとの予算額 "
        f'<span class="en" lang="en">Amount by pillar</span></figcaption>'
        f'<div class="chart-box">{pillar_svg}</div></figure>'
        "<figure><figcaption>事業ごとの予算額（柱ごとに色分け） "
        '<span class="en" lang="en">Amount by project, coloured by pillar</span></figcaption>'
        f'<div class="chart-box">{project_svg}</div></figure></section>'
    )


def _pillar_bars(budget: Budget) -> list[Bar]:
    """A bar a pillar: its amount and share, in its colour."""
    totals = budget.totals_by_pillar()
    bars = []
    for index, pillar in enumerate(budget.pillars):
        amount = totals[pillar.id]
        bars.append(
            Bar(
                label=f"{pillar.id} {pillar.title}",
                value=amount,
                value_text=f"{format_amount(amount)}（{share(amount, budget.total)}）",
                colour=colour(index),
                data=(("pillar", pillar.id), ("amount", str(amount))),
            )
        )
    return bars


def _project_bars(budget: Budget) -> list[Bar]:
    """A bar a project, grouped under its pillar and in the pillar's colour."""
    return [
        Bar(
            label=f"{project.id} {project.title}",
            value=project.amount,
            value_text=project.amount_printed,
            colour=colour(index),
            data=(
                ("project", project.id),
                ("pillar", pillar.id),
                ("amount", str(project.amount)),
            ),
            group=f"{pillar.id} {pillar.title}",
        )
        for index, pillar in enumerate(budget.pillars)
        for project in budget.projects_in(pillar.id)
    ]
