"""Patient education kiosk: a clinic's markdown content on a waiting-room touchscreen."""

__version__ = "0.1.0"
APP_NAME = "patient-kiosk"  # names its folders for logs, usage figures and cache
