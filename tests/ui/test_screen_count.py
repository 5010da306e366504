"""``kiosk validate`` counts a topic's screens with the kiosk's own reader, through the
session: the count is what a patient sees on a 1080x1920 screen, take-home QR code included."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import EntryRef, Section, load_library
from kiosk.ui.screen_count import ReferenceReader
from tests.helpers.content import long_body, topic, write_content
from tests.ui.conftest import KioskMaker

WITH_QR = "name: Clinic\nlanguages: [en]\nweb_address: https://clinic.example/read\n"
WITHOUT_QR = "name: Clinic\nlanguages: [en]\n"
NOTE = "If you have thoughts of hurting yourself, tell a staff member now."
WITH_QR_AND_NOTE = WITH_QR + f"safety_note: {NOTE}\n"


@pytest.mark.usefixtures("kiosk_app")
def test_the_count_is_what_the_kiosk_shows_take_home_code_included(
    make_kiosk: KioskMaker, tmp_path: Path
) -> None:
    topics = {
        f"learn/t{n:02d}.md": topic(f"T{n}", long_body(n), mental_health="true")
        for n in range(2, 16)
    }
    counts = {}
    for name, site in (("qr", WITH_QR), ("plain", WITHOUT_QR), ("note", WITH_QR_AND_NOTE)):
        root = write_content(tmp_path / name, topics, site=site)
        library = load_library(root)
        counter = ReferenceReader(library)
        kiosk = make_kiosk(size=(1080, 1920), root=root)
        for n in range(2, 16):
            entry, _ = library.entry(EntryRef(Section.LEARN, f"t{n:02d}"), "en")  # type: ignore[misc]
            counted = counter.count(library, entry)
            kiosk.session.open_entry(entry.ref)
            assert counted == kiosk.reader.page_count, (name, n)
            counts[name, n] = counted
            if name == "note":  # the note is on the last screen, after the code
                last = kiosk.reader.document.page_texts()[-1]  # type: ignore[union-attr]
                assert NOTE in " ".join(last.split()), n
        counter.close()
    # The code needs room of its own: for some lengths it takes a screen more.
    assert any(counts["qr", n] > counts["plain", n] for n in range(2, 16))
    assert all(counts["qr", n] >= counts["plain", n] for n in range(2, 16))
    assert all(counts["note", n] >= counts["qr", n] for n in range(2, 16))
