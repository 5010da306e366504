"""The content model: load a clinic's content folder, front matter, markdown -> safe HTML.

This package never imports Qt, so ``kiosk validate`` and most tests run anywhere.
"""

from kiosk.content.library import ContentLibrary, EntryRef, load_library
from kiosk.content.names import Section
from kiosk.content.problems import Problem
from kiosk.content.site import Site

# Entry is in kiosk.content.entry, imported with the topics (after Home is painted).
__all__ = ["ContentLibrary", "EntryRef", "Problem", "Section", "Site", "load_library"]
