"""The Flanders Academic Hub: the Django/Wagtail project (its version:
cms/core/version.py)."""
