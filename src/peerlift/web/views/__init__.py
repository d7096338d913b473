"""The web application's views, one module per part of the service. Importing them registers their
pages (see web/pages.py), so urls.py imports this package before it lists the pages' addresses."""

from peerlift.web.views import (
    account,
    api,
    authorities,
    catalogue,
    categories,
    comparator_sets,
    compare,
    datapacks,
    families,
    glossary,
    groups,
    home,
    imports,
    networks,
    partners,
    picture,
    schools,
    users,
)

__all__ = [
    "account",
    "api",
    "authorities",
    "catalogue",
    "categories",
    "comparator_sets",
    "compare",
    "datapacks",
    "families",
    "glossary",
    "groups",
    "home",
    "imports",
    "networks",
    "partners",
    "picture",
    "schools",
    "users",
]
