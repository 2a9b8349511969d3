"""The hub's version: plugins declare the hub versions they fit
(plugins/metadata.py), and outgoing requests name it in their User-Agent."""

HUB_VERSION = "0.1.0"
