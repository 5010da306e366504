"""Patient education kiosk: a clinic's markdown content on a waiting-room touchscreen."""

__version__ = "0.1.0"
