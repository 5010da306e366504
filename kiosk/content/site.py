"""``site.yaml``: the clinic's name, tagline, languages and section titles.

A missing or broken ``site.yaml`` never stops the kiosk: it falls back to neutral defaults and
reports the problem, and good keys are still used.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from kiosk.content.frontmatter import load_yaml
from kiosk.content.names import Section
from kiosk.content.problems import Level, Problem
from kiosk.errors import ContentError
from kiosk.schema import Key, check, is_text, is_web_address

SITE_FILE = "site.yaml"
DEFAULT_SECTION_TITLES = {"learn": "Learn", "treatments": "Our treatments"}
NEUTRAL_NAME = "Patient information"  # without a site.yaml, or a name in it


def _is_language_list(value: object) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, str) and 2 <= len(v) <= 3 and v.isalpha() for v in value)
    )


def _is_mapping(value: object) -> bool:
    return isinstance(value, dict)


SITE_KEYS = (
    Key.where("name", is_text, "the clinic's name, as text", required=True),
    Key.where("tagline", is_text, "one short line of text"),
    Key.where("languages", _is_language_list, "a list of language codes, for example [en, es]"),
    Key.where("default_language", is_text, "one of the codes in 'languages'"),
    Key.where(
        "sections", _is_mapping, "'learn:' and 'treatments:' each with 'title:' and 'summary:'"
    ),
    Key.where("translations", _is_mapping, "a language code with 'name', 'tagline' and 'sections'"),
    Key.where(
        "web_address", is_web_address, "the clinic's web address, e.g. https://example.org/learn"
    ),
    Key.where(
        "safety_note",
        is_text,
        "one or two sentences saying what to do in a crisis, e.g. 'tell a staff member now'",
    ),
    Key.where(
        "review_interval_days",
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0,
        "a whole number of days",
    ),
)


class SectionText(NamedTuple):
    """A section's title and one-line summary, as the Home tile shows them."""

    title: str
    summary: str = ""


class Site(NamedTuple):
    """What ``site.yaml`` says, with defaults for anything it leaves out."""

    name: str = NEUTRAL_NAME
    tagline: str = ""
    languages: tuple[str, ...] = ("en",)
    default_language: str = "en"
    # Read-only empty defaults: a default here is one object shared by every Site.
    sections: Mapping[str, Mapping[str, SectionText]] = MappingProxyType({})
    names: Mapping[str, tuple[str, str]] = MappingProxyType({})
    web_address: str | None = None
    review_interval_days: int | None = None
    safety_notes: Mapping[str, str] = MappingProxyType({})  # by language

    def safety_note(self, lang: str) -> str:
        """What to do in a crisis, in ``lang``, else the base language; "" without one."""
        return self.safety_notes.get(lang) or self.safety_notes.get(self.base_language, "")

    @property
    def base_language(self) -> str:
        """The language of files with no language suffix (``topic.md``)."""
        return self.languages[0]

    def display_name(self, lang: str) -> tuple[str, str]:
        """(name, tagline) in ``lang``, else in the base language."""
        return self.names.get(lang, (self.name, self.tagline))

    def section(self, section: str, lang: str) -> SectionText:
        """A section's title and summary in ``lang``, else the base language, else a default."""
        by_lang = self.sections.get(section, {})
        return (
            by_lang.get(lang)
            or by_lang.get(self.base_language)
            or SectionText(DEFAULT_SECTION_TITLES[section])
        )


def _section_texts(value: Any, line: int, problems: list[Problem]) -> dict[str, SectionText]:
    result: dict[str, SectionText] = {}
    if not isinstance(value, dict):
        return result
    for name, texts in value.items():
        if name not in set(Section):
            problems.append(
                Problem(
                    SITE_FILE,
                    line,
                    Level.WARNING,
                    f"unknown section '{name}' in 'sections'; use {' or '.join(Section)}",
                )
            )
            continue
        if not isinstance(texts, dict) or not is_text(texts.get("title")):
            problems.append(
                Problem(SITE_FILE, line, Level.ERROR, f"sections: '{name}' needs a 'title:' line")
            )
            continue
        summary = texts.get("summary")
        result[name] = SectionText(str(texts["title"]).strip(), str(summary or "").strip())
    return result


def load_site(root: Path) -> tuple[Site, list[Problem]]:
    """Read ``site.yaml`` from the content folder; never raises."""
    path = root / SITE_FILE
    problems: list[Problem] = []
    if not path.is_file():
        problems.append(
            Problem(
                SITE_FILE,
                1,
                Level.WARNING,
                "site.yaml is missing; the kiosk uses a neutral name. Add one with 'name: ...'",
            )
        )
        return Site(), problems
    try:
        data, lines = load_yaml(path.read_text(encoding="utf-8"), SITE_FILE, what="site.yaml")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(SITE_FILE, 1, Level.ERROR, f"cannot read site.yaml ({exc})"))
        return Site(), problems
    except ContentError as exc:
        problems.append(Problem(SITE_FILE, exc.line, Level.ERROR, exc.message))
        return Site(), problems
    if not isinstance(data, dict):
        problems.append(Problem(SITE_FILE, 1, Level.ERROR, "site.yaml must be 'key: value' lines"))
        return Site(), problems
    data = {str(key): value for key, value in data.items()}
    checked = check(data, SITE_KEYS)
    good = checked.values
    for finding in checked.findings:
        line = lines.get(finding.key, 1)
        if finding.unknown:
            problems.append(Problem(SITE_FILE, line, Level.WARNING, finding.message))
        else:
            message = f"'{finding.key}' {finding.message}"
            problems.append(Problem(SITE_FILE, line, Level.ERROR, message))
    languages = tuple(str(v).lower() for v in good.get("languages", ["en"]))
    default = str(good.get("default_language", languages[0])).lower()
    if default not in languages:
        problems.append(
            Problem(
                SITE_FILE,
                lines.get("default_language", 1),
                Level.ERROR,
                f"default_language '{default}' is not in languages {list(languages)}",
            )
        )
        default = languages[0]
    name = str(good.get("name", NEUTRAL_NAME)).strip()
    tagline = str(good.get("tagline", "")).strip()
    sections = {
        s: {languages[0]: t}
        for s, t in _section_texts(good.get("sections"), lines.get("sections", 1), problems).items()
    }
    names = {languages[0]: (name, tagline)}
    safety_notes = {languages[0]: " ".join(str(good.get("safety_note", "")).split())}
    for lang, texts in (good.get("translations") or {}).items():
        line = lines.get("translations", 1)
        if lang not in languages:
            message = f"translations: '{lang}' is not in languages; it is ignored"
            problems.append(Problem(SITE_FILE, line, Level.WARNING, message))
            continue
        if not isinstance(texts, dict):
            message = f"translations: '{lang}' must be 'key: value' lines (name, tagline, sections)"
            problems.append(Problem(SITE_FILE, line, Level.ERROR, message))
            continue
        names[lang] = (str(texts.get("name") or name), str(texts.get("tagline") or tagline))
        note = texts.get("safety_note")
        if note is not None and not is_text(note):
            message = f"translations: '{lang}': 'safety_note' must be text"
            problems.append(Problem(SITE_FILE, line, Level.ERROR, message))
        elif note is not None:
            safety_notes[lang] = " ".join(str(note).split())
        for section, text in _section_texts(texts.get("sections"), line, problems).items():
            sections.setdefault(section, {})[lang] = text
    return (
        Site(
            name=name,
            tagline=tagline,
            languages=languages,
            default_language=default,
            sections=sections,
            names=names,
            web_address=good.get("web_address"),
            review_interval_days=good.get("review_interval_days"),
            safety_notes={lang: note for lang, note in safety_notes.items() if note},
        ),
        problems,
    )
