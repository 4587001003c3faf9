"""The frozen app's entry point (``installer/cashier.spec``): the same as ``cashier``."""

from cashier.app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
