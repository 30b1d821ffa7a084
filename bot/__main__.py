"""Allows `python -m bot` as a synonym of the `cadre` command."""

from bot.cli import main

raise SystemExit(main())
