"""The ``iia-check`` subcommands, one module per family; ``cli.py`` registers them."""
