"""Real plurals, sentences without nested parentheses, and messages a member can act on."""

from __future__ import annotations

import re
from pathlib import Path

from learning.db import utcnow
from live import actions
from tests.live.helpers import add_members, add_workshop, emails_to

ROOT = Path(__file__).resolve().parents[2]
# « réponse(s) », « tentative(s) »: a word with its plural in brackets. `%(s)s` is a placeholder, not one.
BRACKETED_PLURAL = re.compile(r"\w\((?:s|es|x|zes)\)")
# In code, only what is inside quotes is read by someone (`round(x)` is not a plural).
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


def test_no_bracketed_plural_left_in_what_members_or_operators_read():
    found = []
    for folder in ("learning", "live", "courses", "static/js"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".py", ".html", ".js", ".txt"} or "locale" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                line = line.replace("%(s)s", "")
                read = [line] if path.suffix == ".html" else QUOTED.findall(line)
                if any(BRACKETED_PLURAL.search(part) for part in read):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_room_says_what_to_try_when_it_cannot_connect():
    signaling = (ROOT / "static/js/room/signaling.js").read_text(encoding="utf-8")
    assert "Connexion impossible." not in signaling and "Délai dépassé." not in signaling
    assert "Vérifiez que vous êtes connectée à Internet" in signaling and "un autre réseau" in signaling


def _nested_parentheses(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth > 1:
            return True
    return False


async def test_workshop_emails_have_no_nested_parentheses(app, db):
    [louise] = await add_members(db, 1, prefix="louise", roles={"intervenante"})
    seated, waiting = await add_members(db, 2)
    workshop = await add_workshop(db, louise, capacity=1, title="Statuts juridiques")
    for person in (seated, waiting):
        await actions.register(db, app.state.settings, workshop.id, person.id, utcnow())
    await actions.cancel(db, app.state.settings, workshop.id, seated.id, utcnow())
    bodies = [e.body for person in (seated, waiting) for e in await emails_to(db, person.email)]
    assert len(bodies) >= 4 and any("heure de Paris, durée 90 minutes" in b for b in bodies)
    assert [b for b in bodies if _nested_parentheses(b)] == []
