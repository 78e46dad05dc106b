"""`python -m bot` runs the same command line as the `summit-bot` script."""

from bot.cli import main

raise SystemExit(main())
