"""The budget-book importer: a CSV of budget lines → budgets, driven by a mapping file.

>>> from nerima_opendata.readers.book import SHIPPED_FORMATS
>>> SHIPPED_FORMATS
('spendingjp', 'setagaya')
"""

from nerima_opendata.readers.book.mapping import SHIPPED_FORMATS, Mapping, load_mapping
from nerima_opendata.readers.book.reader import (
    CUSTOM,
    BookOptions,
    OpenBook,
    Progress,
    open_budget_book,
    read_budget_book,
)

__all__ = [
    "CUSTOM",
    "SHIPPED_FORMATS",
    "BookOptions",
    "Mapping",
    "OpenBook",
    "Progress",
    "load_mapping",
    "open_budget_book",
    "read_budget_book",
]
