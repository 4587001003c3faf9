"""``python -m cashier`` — the same as the ``cashier`` command."""

from cashier.app.cli import main

raise SystemExit(main())
