"""A throwaway catalogue type, installed only by the test settings: notices.

tests/catalogue/test_registry.py registers it in the catalogue-type registry
and checks that the API, search and export take it up with no other edit."""
