"""The preview page's style sheet, inlined into ``index.html`` (nothing is fetched).

Plain CSS: a font-family list with Japanese fallbacks (Noto Sans CJK JP, IPA fonts,
Hiragino, Yu Gothic) so that Japanese never falls back to empty boxes; text colours with
at least 4.5:1 contrast on their background (WCAG 2.1 AA); tables that scroll inside
their box, and on narrow screens turn into one block per row (``table.stack``, with
``data-label`` captions for cells that need one).
"""

from __future__ import annotations

__all__ = ["CSS", "FONT_FAMILY"]

#: Japanese fonts first (proportional IPA P Gothic before the fixed-width IPA Gothic).
FONT_FAMILY = (
    '"Noto Sans CJK JP", "Noto Sans JP", "IPAPGothic", "IPAGothic", "IPAexGothic", '
    '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif'
)

CSS = (
    """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4a4a4a; --line: #c9ced6;
  --accent: #0b4f8a; --soft: #f4f6f9; --warn: #a13d00; --warn-bg: #fff3e6; }
* { box-sizing: border-box; }
html { font-family: """
    + FONT_FAMILY
    + """;
  color: var(--ink); background: #fff; line-height: 1.7; font-size: 16px;
  -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; }
header, main, footer, nav { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1.5rem; }
h1 { font-size: 1.7rem; line-height: 1.35; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; border-bottom: 3px solid var(--accent); padding-bottom: .2rem;
  margin: 2.5rem 0 1rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.en { display: block; color: var(--muted); font-size: .88em; font-weight: normal; }
h2 .en, h3 .en { display: inline; margin-left: .5em; }
a { color: #0645ad; text-decoration: underline; }
a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.meta { color: var(--muted); margin: .5rem 0 0; }
.total { background: var(--soft); border-left: 6px solid var(--accent); padding: 1rem 1.25rem;
  margin: 1rem 0; }
.total .figure { font-size: 2rem; font-weight: bold; line-height: 1.3; }
.total .yen { font-size: 1.1rem; color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
  gap: .75rem; padding: 0; list-style: none; }
.card { border: 1px solid var(--line); border-top: 6px solid var(--pillar, var(--accent));
  padding: .75rem 1rem; border-radius: 4px; }
.card .amount { font-size: 1.3rem; font-weight: bold; }
.card .share { font-weight: bold; }
figure { margin: 1.5rem 0; }
figcaption { font-weight: bold; margin-bottom: .5rem; }
.chart-box { overflow-x: auto; }
svg.chart { width: 100%; height: auto; max-width: 800px; min-width: 32rem; display: block; }
svg .label { font-size: 15px; fill: var(--ink); }
svg .value { font-size: 15px; fill: var(--ink); font-weight: bold; }
svg .group { font-size: 16px; font-weight: bold; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .4rem .6rem; text-align: left;
  vertical-align: top; }
thead th { background: var(--soft); }
tbody th[scope=rowgroup] { background: #eef1f5;
  border-left: 6px solid var(--pillar, var(--accent)); }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.id, .lines { white-space: nowrap; }
.id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
.swatch { display: inline-block; width: .9em; height: .9em; margin-right: .4em;
  vertical-align: -.1em; background: var(--pillar); }
.legend { padding-left: 1.2rem; }
.tag { display: inline-block; border: 1px solid #6b5b00; background: #fff8d6; color: #3d3300;
  border-radius: 999px; padding: 0 .55em; margin: 0 .25em .2em 0; font-size: .85em;
  white-space: nowrap; }
.tag[data-tag^="first"], .tag[data-tag^="most"] { border-color: #1b4f8a; background: #e8f0fb;
  color: #12355c; }
.certainty { display: inline-block; border-radius: 3px; padding: 0 .45em; font-size: .85em;
  white-space: nowrap; background: #e6f2ea; color: #1e5530; border: 1px solid #7fb08f; }
.certainty.inferred { background: var(--warn); color: #fff; border-color: var(--warn);
  font-weight: bold; text-decoration: none; }
tr.inferred td { background: var(--warn-bg); }
tr.inferred td:first-child { border-left: 6px solid var(--warn); }
.callout { background: var(--warn-bg); border: 2px solid var(--warn); border-radius: 4px;
  padding: .75rem 1rem; }
footer { margin-top: 3rem; padding-bottom: 2rem; border-top: 1px solid var(--line);
  color: var(--muted); font-size: .92rem; }
@media (max-width: 40rem) {
  html { font-size: 15px; }
  h1 { font-size: 1.45rem; }
  .total .figure { font-size: 1.6rem; }
  table.stack, .stack tbody, .stack tr, .stack td, .stack tbody th { display: block;
    width: 100%; }
  .stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); }
  .stack tr { border: 1px solid var(--line); border-top: 0; padding: .35rem 0; }
  .stack tbody tr:first-child { border-top: 1px solid var(--line); }
  .stack td, .stack tbody th { border: 0; padding: .1rem .6rem; }
  .stack tbody th[scope=rowgroup] { border-left: 6px solid var(--pillar, var(--accent));
    padding: .3rem .6rem; }
  .stack .num { text-align: left; }
  .stack td[data-label]::before { content: attr(data-label) ": "; color: var(--muted);
    font-size: .85em; }
  .stack tr.inferred { border-left: 6px solid var(--warn); background: var(--warn-bg); }
  .stack tr.inferred td:first-child { border-left: 0; }
}
"""
)
