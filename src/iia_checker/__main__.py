"""Run the command line interface with ``python -m iia_checker``."""

from iia_checker.cli import main

main()
