"""An HQ with two enrolled kits, built fresh for each test (cheap key derivation)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.builders import Network, make_network


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    made = make_network(tmp_path)
    yield made
    made.close()
