"""The command line: a thin shell over the library, one module per command group."""

from nerima_opendata.cli.main import main

__all__ = ["main"]
