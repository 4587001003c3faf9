"""The catalogue file the settings name (or the demo's), read without Qt: the till and ``cashier sale --scan``."""

from __future__ import annotations

from cashier.app.resources import resource_path
from cashier.domain.settings import Settings
from cashier.ui.catalog import Catalog, parse_catalog


def catalog_path(settings: Settings) -> str:
    return settings.catalog or str(resource_path("catalog", "demo.json"))


def read_catalog(settings: Settings) -> Catalog:
    """The settings' catalogue; raises OSError or :class:`~cashier.ui.catalog.CatalogError`."""
    path = catalog_path(settings)
    with open(path, encoding="utf-8") as file:
        return parse_catalog(file.read(), source=path)
