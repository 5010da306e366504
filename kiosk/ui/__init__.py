"""Qt widgets: the kiosk window, its screens, the paginated reader and the theme."""
