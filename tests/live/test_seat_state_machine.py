"""Any sequence of registrations, cancellations, double clicks, attendance and no-show releases keeps the
seat rules: confirmed ≤ capacity, the counter equals the confirmed rows, nobody twice, waitlist order kept.

A hypothesis state machine drives `live.actions` (what the endpoints and jobs call) against a real
database, SQLite and PostgreSQL, and compares it after every step with a plain Python model.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Coroutine, Iterable
from datetime import timedelta
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from learning.db import Database, utcnow
from learning.models import Member
from learning.settings import Secret, Settings
from live import actions
from live.models import NO_SHOW_AFTER, Registration, Workshop
from tests.conftest import TEST_SECRET
from tests.live.helpers import password_hash

_T = TypeVar("_T")
CAPACITY = 3
PEOPLE = 6


async def both(calls: Iterable[Awaitable[object]]) -> None:
    """Runs the calls at once and waits for all of them (a failure must not leave one running)."""
    results = await asyncio.gather(*calls, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result


def machine_for(database_url: str) -> type[RuleBasedStateMachine]:
    app_settings = Settings(
        env="test",
        database_url=database_url,
        secret_key=Secret(TEST_SECRET),
        base_url="http://testserver",
        start_media_node=False,
    )

    class Seats(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.loop = asyncio.new_event_loop()
            self.db = Database(database_url)
            self.start = (utcnow() + timedelta(hours=1)).replace(microsecond=0)
            self.clock = self.start - timedelta(hours=1)
            self.members, self.workshop_id = self.run(self._setup())
            # The model: who is confirmed (and whether before the no-show deadline), the queue, the released.
            self.confirmed: dict[int, bool] = {}
            self.waitlist: list[int] = []
            self.released: set[int] = set()
            self.attended: set[int] = set()

        def run(self, coroutine: Coroutine[Any, Any, _T]) -> _T:
            return self.loop.run_until_complete(coroutine)

        async def _setup(self) -> tuple[list[int], int]:
            tag = uuid.uuid4().hex[:8]
            async with self.db.session() as session:
                people = [
                    Member(
                        email=f"sm-{tag}-{i}@exemple.fr",
                        name=f"Membre {i}",
                        password_hash=password_hash(),
                        project="",
                    )
                    for i in range(PEOPLE)
                ]
                session.add_all(people)
                workshop = Workshop(
                    title="Atelier",
                    theme="numerique",
                    capacity=CAPACITY,
                    starts_at=self.start,
                    duration_min=90,
                    status="published",
                )
                session.add(workshop)
                await session.commit()
                return [p.id for p in people], workshop.id

        def teardown(self) -> None:
            self.run(self.db.dispose())
            self.loop.close()

        # -- the model -------------------------------------------------------------------------------
        def _model_register(self, member: int) -> None:
            if member in self.confirmed or member in self.waitlist:
                return
            self.released.discard(member)
            if len(self.confirmed) < CAPACITY:
                self.confirmed[member] = self.clock < self.start + NO_SHOW_AFTER
            else:
                self.waitlist.append(member)

        def _model_promote(self) -> None:
            if self.waitlist:
                self.confirmed[self.waitlist.pop(0)] = self.clock < self.start + NO_SHOW_AFTER

        def _model_cancel(self, member: int) -> None:
            if member in self.confirmed:
                del self.confirmed[member]
                self.attended.discard(member)
                self._model_promote()
            elif member in self.waitlist:
                self.waitlist.remove(member)

        # -- the rules -------------------------------------------------------------------------------
        @rule(i=st.integers(0, PEOPLE - 1))
        def register(self, i: int) -> None:
            self.run(actions.register(self.db, app_settings, self.workshop_id, self.members[i], self.clock))
            self._model_register(self.members[i])

        @rule(i=st.integers(0, PEOPLE - 1))
        def register_double_click(self, i: int) -> None:
            self.run(
                both(
                    actions.register(self.db, app_settings, self.workshop_id, self.members[i], self.clock)
                    for _ in range(2)
                )
            )
            self._model_register(self.members[i])

        @rule(i=st.integers(0, PEOPLE - 1))
        def cancel(self, i: int) -> None:
            self.run(actions.cancel(self.db, app_settings, self.workshop_id, self.members[i], self.clock))
            self._model_cancel(self.members[i])

        @rule(i=st.integers(0, PEOPLE - 1))
        def cancel_double_click(self, i: int) -> None:
            self.run(
                both(
                    actions.cancel(self.db, app_settings, self.workshop_id, self.members[i], self.clock)
                    for _ in range(2)
                )
            )
            self._model_cancel(self.members[i])

        @rule(i=st.integers(0, PEOPLE - 1))
        def joins_the_room(self, i: int) -> None:
            member = self.members[i]
            recorded = self.run(actions.record_attendance(self.db, self.workshop_id, member, self.clock))
            assert recorded == (member in self.confirmed)
            if recorded:
                self.attended.add(member)

        @precondition(lambda self: self.clock < self.start)
        @rule()
        def time_passes_beyond_the_no_show_deadline(self) -> None:
            self.clock = self.start + NO_SHOW_AFTER + timedelta(minutes=1)

        @rule()
        def release_no_shows(self) -> None:
            self.run(actions.release_no_shows(self.db, app_settings, self.clock))
            if self.clock < self.start + NO_SHOW_AFTER:
                return
            gone = [m for m, before in self.confirmed.items() if before and m not in self.attended]
            for member in gone:
                del self.confirmed[member]
                self.released.add(member)
            for _ in gone:
                self._model_promote()

        # -- what must always hold -------------------------------------------------------------------
        @invariant()
        def database_matches_the_model(self) -> None:
            async def state() -> tuple[list[Registration], int]:
                async with self.db.session() as session:
                    rows = (
                        (
                            await session.execute(
                                select(Registration)
                                .where(Registration.workshop_id == self.workshop_id)
                                .order_by(Registration.id)
                            )
                        )
                        .scalars()
                        .all()
                    )
                    workshop = await session.get(Workshop, self.workshop_id)
                    assert workshop is not None
                    taken = workshop.taken
                    return list(rows), taken

            rows, taken = self.run(state())
            confirmed = {r.member_id for r in rows if r.status == "confirmed"}
            assert len(rows) == len({r.member_id for r in rows}), "a member registered twice"
            assert taken == len(confirmed) <= CAPACITY
            assert confirmed == set(self.confirmed)
            assert [r.member_id for r in rows if r.status == "waitlisted"] == self.waitlist
            assert {r.member_id for r in rows if r.status == "released"} == self.released

    return Seats


def test_seat_rules_hold_for_any_sequence(database_url):
    run_state_machine_as_test(
        machine_for(database_url),
        settings=settings(
            max_examples=25,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
