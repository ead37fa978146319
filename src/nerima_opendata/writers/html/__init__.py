"""The preview page ``index.html``: one public writer, private helpers."""

from nerima_opendata.writers.html.write import to_html, write_html

__all__ = ["to_html", "write_html"]
