"""Keeping secrets out of reprs, logs and error messages.

* :class:`Secret` holds a password, client secret, API key or token. Its ``repr``/``str`` show
  only the length; :meth:`Secret.reveal` returns the value for the one place that sends it.
  Creating a ``Secret`` registers its value for redaction.
* :func:`register` adds a value (a freshly issued token, say) to the process-wide registry;
  :func:`redact` replaces every registered (and every explicitly given) value in a text.
* A :class:`RedactingFilter` is installed on ``logging.getLogger("keyhouse")`` at import, so
  every record logged there is scrubbed. Logger filters do not see records of child loggers,
  so keyhouse logs through that one logger only (:data:`logger`).
"""

from __future__ import annotations

import hmac
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable

__all__ = ["RedactingFilter", "Secret", "logger", "redact", "register", "reveal"]

MASK = "[REDACTED]"
_MIN_LENGTH = 4  # shorter values would scrub ordinary words; they are not registered
_MAX_REGISTERED = 4096  # tokens rotate; keep the most recent ones

_lock = threading.Lock()
_pinned: set[str] = set()  # configured secrets (Secret): kept for the life of the process
_registry: OrderedDict[str, None] = OrderedDict()  # issued tokens: the most recent ones
_snapshot: tuple[str, ...] = ()

logger = logging.getLogger("keyhouse")


def _new_lock_in_child() -> None:
    # A fork while another thread registered a token would leave the lock held for good.
    global _lock  # noqa: PLW0603
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_lock_in_child)


def register(*values: str | None, pin: bool = False) -> None:
    """Remember secret values so that :func:`redact` and the log filter scrub them.

    Issued tokens rotate, so only the most recent ``_MAX_REGISTERED`` are kept; ``pin=True``
    (what :class:`Secret` does for passwords, client secrets and API keys) keeps a value for
    good, however many tokens come after it.
    """
    global _snapshot  # noqa: PLW0603 - one immutable tuple swapped atomically, read lock-free
    new = [v for v in values if v and len(v) >= _MIN_LENGTH]
    if not new:
        return
    with _lock:
        changed = False
        for value in new:
            if value in _pinned:
                continue
            if pin:
                _pinned.add(value)
                _registry.pop(value, None)
                changed = True
            elif value in _registry:
                _registry.move_to_end(value)
            else:
                _registry[value] = None
                changed = True
                if len(_registry) > _MAX_REGISTERED:
                    _registry.popitem(last=False)
        if changed:
            _snapshot = tuple(sorted({*_pinned, *_registry}, key=len, reverse=True))


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Return ``text`` with every registered secret and every value in ``secrets`` masked."""
    extra = [s for s in secrets if s and len(s) >= _MIN_LENGTH]
    candidates: Iterable[str] = _snapshot
    if extra:
        candidates = sorted({*_snapshot, *extra}, key=len, reverse=True)
    for secret in candidates:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class Secret:
    """A secret string that does not show itself. Compare with ``==`` (constant time)."""

    __slots__ = ("_value",)

    def __init__(self, value: str | Secret) -> None:
        self._value = value.reveal() if isinstance(value, Secret) else str(value)
        register(self._value, pin=True)

    def reveal(self) -> str:
        """The secret value itself: only for the code that sends it to its provider."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret(<{len(self._value)} chars>)"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __len__(self) -> int:
        return len(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            other = other._value
        if not isinstance(other, str):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other.encode())

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[type[Secret], tuple[str]]:
        return (Secret, (self._value,))


def reveal(value: Secret | str | None) -> str | None:
    """The plain value of a :class:`Secret` (or of a plain string)."""
    return value.reveal() if isinstance(value, Secret) else value


class RedactingFilter(logging.Filter):
    """Scrub registered secrets from a record's message, arguments and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _snapshot:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = f"{record.msg!s} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _install() -> None:
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())


_install()
