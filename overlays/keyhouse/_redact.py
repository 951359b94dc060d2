"""Keeping secrets out of reprs, logs and error messages.

A :class:`Secret` (a configured password, client secret or API key) shows only its length and is
registered for good; :func:`register` adds issued tokens, of which the most recent are kept, and
every one a live credential holds. :func:`redact` masks registered values in their plain and
encoded forms. The :class:`RedactingFilter` on ``logging.getLogger("keyhouse")`` (:data:`logger`)
scrubs every record logged there; it does not see child loggers' records.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import urllib.parse
import weakref
from collections import Counter, OrderedDict, deque
from collections.abc import Iterable

MASK = "[REDACTED]"
_MIN_LENGTH = 4  # shorter values would scrub ordinary words; they are not registered
_MAX_REGISTERED = 4096  # tokens rotate; keep the most recent ones

_lock = threading.Lock()
# value -> its encoded forms (itself included), computed once
_pinned: dict[str, tuple[str, ...]] = {}  # configured secrets (Secret): for the whole process
_registry: OrderedDict[str, tuple[str, ...]] = OrderedDict()  # issued tokens: the most recent
_held: Counter[str] = Counter()  # tokens of live credentials: never evicted
_released: deque[tuple[str, ...]] = deque()  # of credentials collected since; see _release
_snapshot: tuple[str, ...] = ()  # every form of every value, longest first
_LOWER_HEX = re.compile(r"%[0-9A-F]{2}")
logger = logging.getLogger("keyhouse")


def encoded_forms(value: str) -> tuple[str, ...]:
    """``value`` and the ways an error body may echo it: JSON string escapes (with and
    without ``ensure_ascii``, ``/`` escaped or not), HTML escapes, URL encodings; and its
    whitespace collapsed, as :func:`keyhouse._errors.snippet` shows bodies."""
    import html  # only once a secret exists: html.entities is a large table

    forms = {value, " ".join(value.split())}
    for ascii_only in (True, False):
        escaped = json.dumps(value, ensure_ascii=ascii_only)[1:-1]
        forms.update((escaped, escaped.replace("/", "\\/")))
    escaped_html = html.escape(value, quote=True)
    forms.update(
        (escaped_html, escaped_html.replace("&#x27;", "&#39;"), html.escape(value, quote=False))
    )
    for quoted in (urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value, safe="")):
        forms.update((quoted, _LOWER_HEX.sub(lambda m: m.group().lower(), quoted)))
    return tuple(f for f in forms if len(f) >= _MIN_LENGTH)


def _release(values: tuple[str, ...]) -> None:
    # A finalizer: it may run inside `with _lock` in this very thread, so it takes no lock;
    # deque.append is atomic and register() settles the counts under the lock.
    _released.append(values)


def _new_lock_in_child() -> None:
    # A fork while another thread registered a token would leave the lock held for good.
    global _lock  # noqa: PLW0603
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_lock_in_child)


def register(*values: str | None, pin: bool = False, owner: object = None) -> None:
    """Remember secret values so that :func:`redact` and the log filter scrub them.

    Only the most recent ``_MAX_REGISTERED`` issued tokens are kept, except those of a live
    ``owner`` (the :class:`~keyhouse.Credential` holding them: a token in use is never
    forgotten). ``pin=True`` (what :class:`Secret` does) keeps a value for good.
    """
    global _snapshot  # noqa: PLW0603 - one immutable tuple swapped atomically, read lock-free
    new = tuple(v for v in values if v and len(v) >= _MIN_LENGTH)
    if not new:
        return
    with _lock:
        changed = False
        for value in new:
            if value in _pinned:
                continue
            if pin:
                _pinned[value] = _registry.pop(value, ()) or encoded_forms(value)
            elif value in _registry:
                _registry.move_to_end(value)
                continue
            else:
                _registry[value] = encoded_forms(value)
            changed = True
        if owner is not None and not pin:
            _held.update(new)
            weakref.finalize(owner, _release, new)
        while _released:  # settle the credentials collected since
            _held.subtract(_released.popleft())
        for value in [v for v, n in _held.items() if n <= 0]:
            del _held[value]
        excess = len(_registry) - _MAX_REGISTERED
        if excess > 0:  # drop the oldest tokens no live credential holds
            for value in [v for v in _registry if v not in _held][:excess]:
                del _registry[value]
            changed = True
        if changed:
            forms = {f for fs in (*_pinned.values(), *_registry.values()) for f in fs}
            _snapshot = tuple(sorted(forms, key=len, reverse=True))


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Return ``text`` with every registered secret and every value in ``secrets`` masked,
    in their plain and encoded forms (:func:`encoded_forms`)."""
    extra = [s for s in secrets if s and len(s) >= _MIN_LENGTH]
    candidates: Iterable[str] = _snapshot
    if extra:
        forms = {f for s in extra for f in encoded_forms(s)}
        candidates = sorted({*_snapshot, *forms}, key=len, reverse=True)
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

    def __len__(self) -> int:  # also its truth value
        return len(self._value)

    def __eq__(self, other: object) -> bool:
        import hmac

        if isinstance(other, Secret):
            other = other._value
        if not isinstance(other, str):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other.encode())

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[type[Secret], tuple[str]]:
        return (Secret, (self._value,))  # unpickling registers the value again


def safe_url(url: str) -> str:
    """``url`` fit to print: no user info, every query value but ``db`` masked (redis-py takes
    ``?password=…``), no fragment; a malformed URL shows its scheme only."""
    scheme, sep, _ = url.partition("://")
    if not sep:
        head = url.partition(":")[0]
        return head[:16] if head.isalnum() else "<malformed>"
    try:
        parts = urllib.parse.urlsplit(url)
        pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    except ValueError:
        return f"{scheme[:16]}://<malformed>"
    host = parts.netloc.rpartition("@")[2]
    query = "&".join(
        f"{urllib.parse.quote(k, safe='')}={v if k == 'db' else '***'}" for k, v in pairs
    )
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, query, ""))


class RedactingFilter(logging.Filter):
    """Scrub registered secrets from a record's message, arguments and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _snapshot:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


logger.addFilter(RedactingFilter())
