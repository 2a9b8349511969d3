"""Events and research expertise of the Flanders Academic Hub, rendered on
the server of a Django or Wagtail site (see README.md)."""

__version__ = "1.1.0"
