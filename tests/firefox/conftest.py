"""Every test in this folder drives Debian's Firefox ESR through Marionette (`make test-browser`'s Firefox lane).

Firefox gathers no ICE candidate in a namespace holding only `lo`: the lane gives its namespace a veth pair with a
private address and a default route into it (the Makefile), so nothing still leaves the namespace."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.firefox.driver import Firefox


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/firefox/" in str(item.fspath):
            item.add_marker(pytest.mark.firefox)


@pytest.fixture(scope="module")
def firefox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Firefox]:
    with Firefox.launched(tmp_path_factory.mktemp("firefox")) as browser:
        yield browser
