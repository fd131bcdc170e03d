"""The contract between the shell and the feature packages (docs/architecture.md).

A feature package (`live`, `courses`, the board) exports one `Package` value in its `package.py`, and
declares it in pyproject.toml under the entry-point group ``entraide.packages``. The shell never imports a
feature package by name: `installed_packages()` loads the declared values (a misspelt one fails loudly),
and `create_app(settings, packages=[...])` takes them as data, so that a test can build an app from a
subset. Every hook has a type below; what one package shows on another's page (her home page, a
profile, notifications) goes through `PageBlock` and `NotificationSource`, never through an import.
"""

from __future__ import annotations

import argparse
import subprocess
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.routing import BaseRoute

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from learning.db import Database
    from learning.models import Member
    from learning.settings import Settings

ENTRY_POINT_GROUP = "entraide.packages"
SHELL_MIGRATIONS = Path(__file__).parent / "migrations" / "versions"


class Lifespan(Protocol):
    """Entered inside the app's lifespan: start background jobs, load content."""

    def __call__(self, app: Starlette) -> AbstractAsyncContextManager[None]: ...


class RegisterCommands(Protocol):
    """Adds `entraide <command>` sub-commands (each sets its own `func`)."""

    def __call__(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None: ...


class LoadDemo(Protocol):
    """Demo data for `entraide demo`, after the shell's demo members exist; must be idempotent."""

    async def __call__(self, db: Database, settings: Settings) -> None: ...


class ProvideBadges(Protocol):
    """Counters in the navigation, by URL prefix (e.g. ``{"/coup-de-pouce": 3}``)."""

    async def __call__(self, session: AsyncSession, member: Member) -> dict[str, int]: ...


class MemberContext(Protocol):
    async def __call__(self, session: AsyncSession, member: Member) -> dict[str, Any]: ...


class ExportMemberData(Protocol):
    """« Mes données »: what the package holds about her, as JSON-ready data."""

    async def __call__(self, session: AsyncSession, member_id: int) -> dict[str, Any]: ...


class DeleteMemberData(Protocol):
    """Account deletion: remove or anonymise her rows; never commit (the shell commits once for all).

    `choices` are the deletion form's fields, for a package that offers a choice of its own (the board:
    keep or delete her posts)."""

    async def __call__(
        self, session: AsyncSession, member_id: int, *, settings: Settings, choices: Mapping[str, str]
    ) -> None: ...


class BlockContext(Protocol):
    """The context of a page block, or None when the block has nothing to show for this member."""

    async def __call__(
        self, request: Request, session: AsyncSession, member: Member | None
    ) -> dict[str, Any] | None: ...


class NotificationSource(Protocol):
    """What is new for her in a package (unread answers, a workshop starting soon…), newest first."""

    async def __call__(self, session: AsyncSession, member: Member) -> list[Notification]: ...


class ActivitySource(Protocol):
    """The events a package held between `start` and `end` (naive UTC), for a coordination's desk and the
    reports for funders; `coordination_ids=None` means all, national ones included."""

    async def __call__(
        self,
        session: AsyncSession,
        *,
        start: datetime,
        end: datetime,
        coordination_ids: Sequence[int] | None = None,
    ) -> list[Activity]: ...


class SignupCheck(Protocol):
    """Reads the package's fields of the sign-up form (nothing written): see `SignupAnswer`."""

    async def __call__(self, session: AsyncSession, form: FormData) -> SignupAnswer: ...


class SignupSave(Protocol):
    """Writes what `check` accepted for the new member, in the transaction that creates her; never commit."""

    async def __call__(self, session: AsyncSession, member: Member, values: Mapping[str, Any]) -> None: ...


class StartChild(Protocol):
    """Starts a process `entraide serve` runs beside the site (the media node), or returns None when
    settings say not to. It must stop with the site, and by itself if the site's process dies."""

    def __call__(self, settings: Settings, host: str, port: int) -> subprocess.Popen[bytes] | None: ...


@dataclass(frozen=True)
class AccountSection:
    """A page of « Mon compte », at `/compte/<slug>`, listed on the account's menu by `title` with its
    `summary` (a few words on what she finds there). `anchor` is the id of the panel's heading; it and
    `old_anchors` are the addresses `/compte#…` that led to the panel when « Mon compte » was one long page
    (old e-mails, bookmarks): the menu still answers them, and sends her on to the page."""

    template: str
    context: MemberContext
    title: str = ""
    anchor: str = ""
    slug: str = ""
    summary: str = ""
    old_anchors: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return f"/compte/{self.slug or self.anchor}"


@dataclass(frozen=True)
class SignupAnswer:
    """What a package's sign-up step made of the form. `values` go back to its template fragment (what she
    typed, kept) and, once the whole form is accepted, to `save`. `errors` are French messages by field.
    `again`: nothing is wrong, but the step has a new question to show (the coordinations near the commune
    she just typed), so the form is shown once more, without JavaScript, before the account is created."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    again: bool = False


@dataclass(frozen=True)
class SignupStep:
    """Fields a package adds to the sign-up form: `template` is a fragment the form includes (it reads
    `step.values` and `step.errors`), `check` reads them, `save` writes them with the new member."""

    template: str
    check: SignupCheck
    save: SignupSave


@dataclass(frozen=True)
class MemberData:
    export: ExportMemberData
    delete: DeleteMemberData


@dataclass(frozen=True)
class PageBlock:
    """A block on a page owned by someone else, by slot: ``"home"`` is a signed-in member's home page."""

    slot: str
    template: str
    context: BlockContext
    # Place on the page, smallest first (ties keep package order): her home page reads workshops, then
    # the MOOC, then Coup de pouce, then new members.
    order: int = 100


@dataclass(frozen=True)
class Notification:
    text: str
    url: str
    at: datetime


@dataclass(frozen=True)
class Activity:
    """One event held (a workshop, a coordination's meeting) with its figures."""

    at: datetime
    title: str
    format: str  # "online" or "in_person"
    coordination_id: int | None  # None: a national event
    registered: int
    attended: int
    url: str


@dataclass(frozen=True)
class ChildProcess:
    start: StartChild
    # What `entraide serve` prints about it once started, in French (« nœud média sur le port 8001 »).
    describe: Callable[[Settings], str]


@dataclass(frozen=True)
class Package:
    name: str
    routes: Sequence[BaseRoute] = ()
    # Paths called by machines with their own signed credentials (the media node), not by a browser form.
    csrf_exempt: tuple[str, ...] = ()
    lifespan: Lifespan | None = None
    commands: RegisterCommands | None = None
    demo: LoadDemo | None = None
    badges: ProvideBadges | None = None
    account_section: AccountSection | None = None
    member_data: MemberData | None = None
    templates: Path | None = None  # a folder holding `<name>/*.html`
    migrations: Path | None = None  # an Alembic branch labelled with the package's name
    page_blocks: tuple[PageBlock, ...] = ()
    notifications: NotificationSource | None = None
    children: tuple[ChildProcess, ...] = ()
    activity: ActivitySource | None = None
    signup: SignupStep | None = None


def with_badges(*sources: ProvideBadges) -> ProvideBadges:
    """One `badges` hook for a package from several of its modules."""

    async def provide(session: AsyncSession, member: Member) -> dict[str, int]:
        found: dict[str, int] = {}
        for source in sources:
            found.update(await source(session, member))
        return found

    return provide


def with_notifications(*sources: NotificationSource) -> NotificationSource:
    """One `notifications` hook for a package from several of its modules, newest first."""

    async def gather(session: AsyncSession, member: Member) -> list[Notification]:
        found: list[Notification] = []
        for source in sources:
            found += await source(session, member)
        return sorted(found, key=lambda n: n.at, reverse=True)

    return gather


def installed_packages() -> list[Package]:
    """The packages declared in pyproject.toml (entry points), by name."""
    found = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        package = entry.load()
        if not isinstance(package, Package):
            raise TypeError(f"entry point {entry.value} is not a learning.packages.Package")
        found.append(package)
    return sorted(found, key=lambda p: p.name)


def migration_dirs(packages: Sequence[Package] | None = None) -> list[Path]:
    chosen = installed_packages() if packages is None else packages
    return [SHELL_MIGRATIONS, *(p.migrations for p in chosen if p.migrations is not None)]


def import_all_models() -> None:
    """Every package's models on `learning.db.Base` (a package's `package.py` imports its models)."""
    import learning.models  # noqa: F401

    installed_packages()
