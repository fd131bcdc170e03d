"""The feature packages the platform composes, and the optional hooks each may provide.

Only the app factory and the CLI use this (docs/design.md: `learning` imports `live` and
`courses` nowhere else). A package `pkg` may provide:

- `pkg.routes.routes`            list of starlette routes, mounted at the root
- `pkg.lifespan.lifespan(app)`   async context manager run inside the app's lifespan
- `pkg.models`                   SQLAlchemy models on `learning.db.Base`
- `pkg.migrations/versions`      an Alembic branch labelled with the package name
- `pkg.cli.register(subparsers)` extra `entraide` commands
- `pkg.demo.load(db, settings)`  demo data for `entraide demo` (async)
- `pkg.badges.provide(session, member) -> dict[nav prefix, count]` counters shown in the navigation
- `pkg.account_section.section` (template name) and `.context(session, member) -> dict` for « Mon compte »
- `pkg.member_data.export(session, member_id) -> dict` and
  `pkg.member_data.delete(session, member_id, *, keep_posts: bool, settings)` for « Mes données »
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

# Coup de pouce is a sub-package of the shell, composed like a feature package.
PACKAGES = ("learning", "live", "courses", "learning.board")


def optional_module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (name == exc.name or name.startswith(exc.name + ".")):
            return None
        raise


def hooks(submodule: str) -> list[ModuleType]:
    found = []
    for package in PACKAGES:
        module = optional_module(f"{package}.{submodule}")
        if module is not None:
            found.append(module)
    return found


def migration_dirs() -> list[Path]:
    dirs = []
    for package in PACKAGES:
        pkg = importlib.import_module(package)
        versions = Path(pkg.__file__).parent / "migrations" / "versions"  # type: ignore[arg-type]
        if versions.is_dir():
            dirs.append(versions)
    return dirs


def import_all_models() -> None:
    hooks("models")
