"""One token strategy per provider (sans-IO, see :mod:`keyhouse._flow`).

Each module holds one class taking a :class:`~keyhouse._settings.ProviderSettings`; the
registry (:mod:`keyhouse._registry`) names it. Modules here import no generated package.
"""
