"""``python -m keyhouse``: the command line."""

from keyhouse._cli import main

raise SystemExit(main())
