"""The shipped content's wording: claims the clinic's source text does not make stay out.

The source (a clinic page about ketamine therapy) never says which conditions this clinic
treats, and its strongest words ("ample evidence", "likely") must not grow into certainty on a
patient's screen. These tests keep the phrases that were reworded for that reason, in English
and Spanish, from coming back, and check the two safety markers the kiosk relies on: every
mental-health topic is marked in both languages alike, and site.yaml has a safety note in
every language it lists.

Plain Python and PyYAML only (no Qt): the files are read as text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

CONTENT = Path(__file__).parents[3] / "content"
SITE = CONTENT / "site.yaml"

# Phrases that overstate the source, present research as this clinic's services, or read badly
# (Spanish calques, a heading that seemed to blame the patient). Matched case-insensitively.
BANNED_PHRASES = (
    # certainty the source does not have
    "scientists know that ketamine works",
    "los científicos saben que la ketamina funciona",
    "strong evidence",
    "pruebas sólidas",
    "powerful treatment",
    "tratamiento poderoso",
    "likely gives long-term relief",
    "probablemente brinda",
    "es probable que la ketamina brinde",
    # research findings presented as what this clinic offers
    "what we treat",
    "lo que tratamos",
    "our treatments",
    "nuestros tratamientos",
    "a treatment option for post-traumatic",
    "una opción de tratamiento para el estrés postraumático",
    "an option for pain that lasts",
    "una opción para el dolor que dura",
    "will explain how treatment works at this clinic",
    "le explicará cómo funciona el tratamiento en esta clínica",
    "will explain what treatment looks like here",
    "le explicará cómo es el tratamiento aquí",
    # Spanish wording
    "podría preguntar",
    "persona vive",
    "tomar una pausa",
    "preferirse sobre",
    "suma a lo que sabemos",
    "venir de aquí",
)

# "Safety depends on you": a sentence or heading that ends there (not "... on you and your plan").
ENDS_ON_THE_PATIENT = re.compile(
    r"(depends on you|depende de usted)\s*(\.|$)", re.IGNORECASE | re.MULTILINE
)
# Sentences, bullets and headings: split after . ! ? and at every line end.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
FEW_SIDE_EFFECTS = re.compile(r"few side effects|pocos efectos secundarios", re.IGNORECASE)
# anesthesia, anesthetic, anestesia, anestésico
ABOUT_ANESTHESIA = re.compile(r"anest", re.IGNORECASE)


def pages() -> list[Path]:
    return sorted(CONTENT.rglob("*.md"))


def shipped_files() -> list[Path]:
    return [*pages(), SITE]


def relative(path: Path) -> str:
    return path.relative_to(CONTENT).as_posix()


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    assert text.startswith("---\n"), f"{relative(path)} has no front matter"
    meta = yaml.safe_load(text[4:].split("\n---", 1)[0]) or {}
    assert isinstance(meta, dict), f"{relative(path)}: front matter is not a mapping"
    return meta


def twin(path: Path) -> Path:
    """name.md <-> name.es.md."""
    if path.name.endswith(".es.md"):
        return path.with_name(path.name.removesuffix(".es.md") + ".md")
    return path.with_name(path.name.removesuffix(".md") + ".es.md")


def plain(text: str) -> str:
    """``text`` without markdown emphasis (``likely gives **long-term relief**``), one space
    between words."""
    return re.sub(r"[ \t]+", " ", re.sub(r"[*_`]+", "", text))


def banned_in(text: str) -> list[str]:
    text = plain(text)
    flat = " ".join(text.split()).casefold()
    found = [phrase for phrase in BANNED_PHRASES if phrase.casefold() in flat]
    found += [match.group(0).strip() for match in ENDS_ON_THE_PATIENT.finditer(text)]
    found += [
        sentence.strip()
        for sentence in SENTENCE_END.split(text)
        if FEW_SIDE_EFFECTS.search(sentence) and not ABOUT_ANESTHESIA.search(sentence)
    ]
    return found


def test_the_shipped_content_is_there() -> None:
    assert SITE.is_file()
    assert len(pages()) >= 10


@pytest.mark.parametrize("path", shipped_files(), ids=relative)
def test_no_reworded_phrase_comes_back(path: Path) -> None:
    assert banned_in(path.read_text(encoding="utf-8")) == []


def test_the_checks_catch_the_old_wording() -> None:
    old = (
        "Scientists know that ketamine works. There is strong evidence it is a powerful "
        "treatment.\n## Safety depends on you\n\n- It has **few side effects**.\n"
        "Podría preguntar: ¿Puedo tomar una pausa?\n- Tiene **pocos efectos secundarios**.\n"
    )
    found = banned_in(old)
    assert "scientists know that ketamine works" in found
    assert "strong evidence" in found
    assert "powerful treatment" in found
    assert "podría preguntar" in found
    assert "tomar una pausa" in found
    assert "depends on you" in found
    assert "- It has few side effects." in found
    assert "- Tiene pocos efectos secundarios." in found
    assert banned_in("Ketamine likely gives **long-term relief**.") == [
        "likely gives long-term relief"
    ]
    assert banned_in("Esto probablemente brinda **alivio a largo plazo**.") == [
        "probablemente brinda"
    ]


def test_few_side_effects_is_allowed_only_about_anesthesia() -> None:
    assert banned_in("- As an anesthetic, it has **few side effects**.") == []
    assert banned_in("- Como anestésico, tiene **pocos efectos secundarios**.") == []
    # the same words in the next sentence do not count
    assert banned_in("It is an anesthetic. It has few side effects.") == [
        "It has few side effects."
    ]


def test_depending_on_your_health_or_on_you_and_your_plan_is_fine() -> None:
    assert banned_in("## Safety depends on your health\n") == []
    assert banned_in("## La seguridad depende de su salud\n") == []
    assert banned_in("The answer depends on you and your treatment plan.") == []
    assert banned_in("La respuesta depende de usted y de su plan de tratamiento.") == []


@pytest.mark.parametrize("path", pages(), ids=relative)
def test_a_mental_health_mark_is_the_same_in_both_languages(path: Path) -> None:
    other = twin(path)
    assert other.is_file(), f"{relative(path)} has no twin {other.name}"
    mine, theirs = front_matter(path), front_matter(other)
    assert mine.get("mental_health", False) is theirs.get("mental_health", False), (
        f"{relative(path)} and {other.name} disagree on 'mental_health'"
    )
    assert mine.get("mental_health", False) in (True, False)


def test_the_mental_health_topics_are_marked() -> None:
    marked = {relative(path) for path in pages() if front_matter(path).get("mental_health")}
    for slug in ("treatments/depression", "treatments/ptsd", "treatments/other-conditions"):
        assert {f"{slug}.md", f"{slug}.es.md"} <= marked


def test_site_yaml_has_a_safety_note_in_every_language() -> None:
    site = yaml.safe_load(SITE.read_text(encoding="utf-8"))
    languages = site["languages"]
    assert languages, "site.yaml lists no languages"
    base = languages[0]
    translations = site.get("translations") or {}
    for language in languages:
        texts = site if language == base else translations.get(language) or {}
        note = texts.get("safety_note")
        assert isinstance(note, str) and note.strip(), f"no safety_note for '{language}'"
        assert len(note) <= 200, f"the '{language}' safety_note is long for a screen"
