"""The Flanders Academic Hub: the Django/Wagtail project."""

__version__ = "0.1.0"
