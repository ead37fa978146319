"""``python -m nerima_opendata`` runs the command line."""

from nerima_opendata.cli.main import run

run()
