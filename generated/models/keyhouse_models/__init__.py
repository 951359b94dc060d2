"""pydantic v2 models generated from ``specs/<provider>.yaml``: one module per provider.

Written by ``codegen/generate.py`` (datamodel-code-generator); never edit by hand.
"""
