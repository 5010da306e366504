"""Anonymous usage analytics: what patients read, never who they are.

``events`` defines what may be recorded, ``store`` writes it to SQLite off the UI thread,
``report`` turns a database into the figures of ``kiosk stats`` and ``chart`` draws them. All but
``chart.write_chart_png`` are Qt-free. Nothing is imported here: the kiosk records events from
its first screen on and should not pay at start-up for the reporting and charting code.
"""
