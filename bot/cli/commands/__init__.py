"""The `cadre` subcommands: each module wires one command to the core and adapters."""
