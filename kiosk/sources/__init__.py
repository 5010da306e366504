"""Content for a clinic group: a git repository or a synced folder, followed version by version.

``store`` keeps the versions on disk and says which one shows; ``git`` and ``folder`` fetch
or copy a new one; ``update`` checks, validates and switches (and rolls back); ``report``
words it for ``kiosk content`` and the admin screen; ``follower`` (the only Qt module here)
runs the checks in the kiosk and shows each new version. Nothing here imports a widget.
"""
