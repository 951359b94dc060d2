"""Token strategies (sans-IO, see :mod:`keyhouse._flow`); the registry picks one per provider."""
