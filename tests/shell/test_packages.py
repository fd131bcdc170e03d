"""Packages as data: the shell composes the feature packages it is given, and never imports them."""

from __future__ import annotations

import ast
import contextlib
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta
from importlib.metadata import EntryPoint
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from learning import packages
from learning.app import create_app
from learning.db import utcnow
from learning.packages import Package, installed_packages
from learning.page_blocks import notifications_for
from learning.settings import Settings
from learning.state import app_state
from live import actions
from tests.helpers import create_member, login
from tests.live.helpers import add_members, add_workshop

ROOT = Path(__file__).resolve().parents[2]


def _by_name(*names: str) -> list[Package]:
    return [p for p in installed_packages() if p.name in names]


class _AppClient(httpx.AsyncClient):
    """A client that keeps the app it talks to at hand (for its database)."""

    app: Starlette


@contextlib.asynccontextmanager
async def _client(settings: Settings, chosen: Sequence[Package]) -> AsyncIterator[_AppClient]:
    app = create_app(settings, packages=chosen, run_background_jobs=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50001))
        async with _AppClient(transport=transport, base_url="http://testserver") as client:
            client.app = app
            yield client


def test_the_installed_packages_are_the_declared_values() -> None:
    found = installed_packages()
    assert [p.name for p in found] == ["board", "coordinations", "courses", "live", "members", "partners"]
    assert all(isinstance(p, Package) for p in found)
    live = _by_name("live")[0]
    assert live.children and live.csrf_exempt == ("/ateliers/presence",)


def test_a_misspelt_package_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = EntryPoint(name="live", value="live.pakage:package", group=packages.ENTRY_POINT_GROUP)
    monkeypatch.setattr(packages, "entry_points", lambda group: [wrong])
    with pytest.raises(ModuleNotFoundError):
        installed_packages()
    not_a_package = EntryPoint(name="live", value="live.routes:routes", group=packages.ENTRY_POINT_GROUP)
    monkeypatch.setattr(packages, "entry_points", lambda group: [not_a_package])
    with pytest.raises(TypeError, match="not a learning.packages.Package"):
        installed_packages()


async def test_an_app_built_from_a_subset_serves_only_those_packages(settings: Settings) -> None:
    async with _client(settings, []) as shell_only:
        assert (await shell_only.get("/")).status_code == 200
        assert (await shell_only.get("/connexion")).status_code == 200
        for path in ("/ateliers", "/mooc", "/coup-de-pouce"):
            assert (await shell_only.get(path)).status_code == 404, path
    async with _client(settings, _by_name("live")) as with_live:
        assert (await with_live.get("/ateliers")).status_code == 200
        assert (await with_live.get("/mooc")).status_code == 404


async def test_her_home_page_shows_what_the_packages_add(settings: Settings) -> None:
    async with _client(settings, installed_packages()) as client:
        db = app_state(client.app).db
        (host,) = await add_members(db, 1, prefix="hote", roles={"intervenante"})
        workshop = await add_workshop(db, host, title="Atelier du jeudi", starts_in=timedelta(days=2))
        amina = await create_member(db, "amina@exemple.fr", name="Amina")
        await actions.register(db, settings, workshop.id, amina.id, utcnow())
        await login(client, "amina@exemple.fr")
        home = (await client.get("/")).text
        assert "Mes prochains ateliers" in home and "Atelier du jeudi" in home
        assert "Vous n'avez pas encore commencé le MOOC" in home and ">Reprendre<" not in home
        course = (await client.get("/mooc")).text
        slug = course.split('href="/mooc/', 1)[1].split('"', 1)[0]
        page = await client.get(f"/mooc/{slug}")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        assert (await client.post(f"/mooc/{slug}/inscription", data={"csrf_token": token})).status_code == 303
        assert ">Reprendre<" in (await client.get("/")).text
    # The same member on a site without live and courses: the shell's home page alone.
    async with _client(settings, []) as shell_only:
        await login(shell_only, "amina@exemple.fr")
        assert "Mes prochains ateliers" not in (await shell_only.get("/")).text


async def test_the_board_tells_the_shell_what_is_new_for_her(settings: Settings) -> None:
    from starlette.requests import Request

    from learning.board import services
    from learning.board.notifications import notify

    async with _client(settings, installed_packages()) as client:
        app = client.app
        db = app_state(app).db
        amina = await create_member(db, "amina@exemple.fr", name="Amina")
        claire = await create_member(db, "claire@exemple.fr", name="Claire")
        async with db.session() as session:
            post = await services.create_post(
                session,
                amina,
                services.PostInput(
                    kind="besoin", title="Une salle à Rennes", body="Bonjour", themes=[], scope="reseau"
                ),
            )
            await session.flush()
            notify(session, [amina.id], post_id=post.id, kind="answer", answer_id=None)
            await session.commit()
        request = Request({"type": "http", "app": app, "headers": [], "path": "/", "query_string": b""})
        (notice,) = await notifications_for(request, amina)
        assert "Une salle à Rennes" in notice.text and notice.url == f"/coup-de-pouce/{post.id}"
        assert await notifications_for(request, claire) == []


def _imports(folder: Path) -> set[tuple[str, str]]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((str(path.relative_to(ROOT)), node.module.split(".")[0]))
            elif isinstance(node, ast.Import):
                found |= {(str(path.relative_to(ROOT)), alias.name.split(".")[0]) for alias in node.names}
    return found


def test_the_shell_imports_no_feature_package_and_the_node_nothing_of_the_site() -> None:
    assert {(f, m) for f, m in _imports(ROOT / "learning") if m in ("live", "courses")} == set()
    # The node takes one thing from the site: its log formatter, which imports only the standard library
    # (tests/media/test_protocol_doc.py checks both).
    assert {(f, m) for f, m in _imports(ROOT / "live" / "media") if m in ("learning", "courses")} == {
        ("live/media/cli.py", "learning")
    }
    assert {(f, m) for f, m in _imports(ROOT / "courses") if m == "live"} == set()
    assert {(f, m) for f, m in _imports(ROOT / "live") if m == "courses"} == set()


def _full_imports(folder: Path, *, recursive: bool = True) -> set[tuple[str, str]]:
    """(file, module) with the module's whole dotted name; relative imports are left out (same package)."""
    found = set()
    for path in folder.rglob("*.py") if recursive else folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((str(path.relative_to(ROOT)), node.module))
            elif isinstance(node, ast.Import):
                found |= {(str(path.relative_to(ROOT)), alias.name) for alias in node.names}
    return found


def test_the_packages_inside_learning_keep_their_directions() -> None:
    # The shell's own modules name neither the board nor the coordinations: they come in as packages.
    shell = _full_imports(ROOT / "learning", recursive=False)
    assert {
        (f, m)
        for f, m in shell
        if m.startswith(("learning.board", "learning.coordinations", "learning.members", "learning.partners"))
    } == set()
    # The coordinations read live's and the board's data only through the contract (activity, page blocks).
    coordinations = _full_imports(ROOT / "learning" / "coordinations")
    assert {(f, m) for f, m in coordinations if m.startswith(("live", "learning.board", "courses"))} == set()
    # Member to member shows what she hosted or answered through page blocks, never by importing them.
    members = _full_imports(ROOT / "learning" / "members")
    assert {(f, m) for f, m in members if m.startswith(("live", "learning.board", "courses"))} == set()
    # « Mon écosystème » reads the geography and the coordinations, and nothing of the other packages.
    partners = _full_imports(ROOT / "learning" / "partners")
    assert {
        (f, m) for f, m in partners if m.startswith(("live", "learning.board", "courses", "learning.members"))
    } == set()
