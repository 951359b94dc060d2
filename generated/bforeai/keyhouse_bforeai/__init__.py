"""A client library for accessing bfore.ai PreCrime API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
