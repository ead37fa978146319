"""The budget-book importer: a CSV of budget lines → budgets, driven by a mapping file.

>>> from nerima_opendata.readers.book import SHIPPED_FORMATS
>>> SHIPPED_FORMATS
('spendingjp', 'setagaya')
"""

from nerima_opendata.readers.book.mapping import SHIPPED_FORMATS, Mapping, load_mapping
from nerima_opendata.readers.book.reader import CUSTOM, Progress, read_budget_book

__all__ = ["CUSTOM", "SHIPPED_FORMATS", "Mapping", "Progress", "load_mapping", "read_budget_book"]
