"""Example hub plugin: the <flanders-countdown> widget (see README.md)."""
