"""pytest plugin: a ``sandbox`` fixture (registered through the ``pytest11`` entry point).

``sandbox_server`` is one server per test session; ``sandbox`` hands it to a test after
switching every fault off, zeroing counters, restoring documented lifetimes and forgetting
provider data, so tests do not leak into each other.

With the ini option ``keyhouse_sandbox_validate = true`` (or ``--sandbox-validate``) every
``Sandbox`` the test session creates checks each response it sends against the provider's
spec, and a test during which the sandbox sent an off-spec response fails, naming it.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator

import pytest

from ._server import Sandbox
from ._validate import DEFAULTS, RECORDER, Violation

_MARK = pytest.StashKey[int]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "keyhouse_sandbox_validate",
        "validate every keyhouse sandbox response against the provider specs",
        type="bool",
        default=False,
    )
    parser.addoption(
        "--sandbox-validate",
        action="store_true",
        default=False,
        help="validate every keyhouse sandbox response against the provider specs",
    )


def _enabled(config: pytest.Config) -> bool:
    return bool(
        config.getoption("--sandbox-validate") or config.getini("keyhouse_sandbox_validate")
    )


def pytest_configure(config: pytest.Config) -> None:
    if _enabled(config):
        DEFAULTS["validate"] = True


def _fail_on(violations: list[Violation], when: str) -> None:
    if violations:
        listed = "\n  ".join(str(v) for v in violations[:20])
        more = f"\n  ... and {len(violations) - 20} more" if len(violations) > 20 else ""
        raise AssertionError(
            f"the keyhouse sandbox sent {len(violations)} response(s) its spec does not allow "
            f"({when}):\n  {listed}{more}"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    item.stash[_MARK] = RECORDER.mark()
    yield
    # setup violations are reported with the call (a failing fixture would hide them)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    yield
    mark = item.stash.get(_MARK, RECORDER.mark())
    item.stash[_MARK] = RECORDER.mark()
    _fail_on(RECORDER.since(mark), "during the test")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    yield
    mark = item.stash.get(_MARK, RECORDER.mark())
    _fail_on(RECORDER.since(mark), "during teardown")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _enabled(terminalreporter.config):
        return
    terminalreporter.write_line(
        f"keyhouse sandbox: {RECORDER.validated} responses validated against the specs, "
        f"{len(RECORDER.violations)} violations, {RECORDER.excused} deliberate fault "
        "responses not judged"
    )


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[Sandbox]:
    """The session's sandbox, started once (admin routes enabled: it only listens locally)."""
    with Sandbox(admin=True) as sb:
        yield sb


@pytest.fixture
def sandbox(sandbox_server: Sandbox) -> Iterator[Sandbox]:
    """The session's sandbox, reset before and after the test."""
    sandbox_server.reset(state=True)
    yield sandbox_server
    sandbox_server.reset(state=True)
