"""Token strategies (sans-IO, see :mod:`keyhouse._flow`), none of them naming a provider.

:mod:`.declared` runs what a spec's ``x-keyhouse`` block declares (the five providers);
:mod:`.oauth2` runs a standard OAuth2 client-credentials flow. The registry
(:mod:`keyhouse._registry`) picks one from the generated package's ``auth.json``.
"""
