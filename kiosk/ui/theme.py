"""The look of the kiosk in one place: colours, font and sizes feed both the Qt style sheet
(widgets) and the document CSS (topic text), so the two can never disagree.

Sizes scale with the screen's short side (1080 px on both 1080x1920 and 1920x1080) and with the
patient's text size, so body text is 30 px at the default size on a 1080-wide screen.
"""

from __future__ import annotations

from typing import NamedTuple

FONT_FAMILY = "Lato"
REFERENCE_SHORT_SIDE = 1080


class Palette(NamedTuple):
    """Colours by role; every text/background pair is chosen for at least 4.5:1 contrast."""

    background: str
    surface: str
    pressed: str
    text: str
    muted: str
    accent: str
    on_accent: str
    border: str
    focus: str


CALM = Palette(
    background="#F4F1EA",  # warm paper
    surface="#FFFFFF",
    pressed="#DCEBE8",
    text="#1E2B2F",
    muted="#465559",
    accent="#2F6F6A",  # deep teal
    on_accent="#FFFFFF",
    border="#C9D3D0",
    focus="#B4541F",
)

HIGH_CONTRAST = Palette(
    background="#000000",
    surface="#000000",
    pressed="#333333",
    text="#FFFFFF",
    muted="#FFFFFF",
    accent="#FFE14D",
    on_accent="#000000",
    border="#FFFFFF",
    focus="#00E5FF",
)


# Display text (the clinic's name, Home's tile titles) starts at 1.4 to 2 times body size, so
# it grows to 150% at most: at A+'s 200% it is still larger than the body text, and Home's
# tiles keep their words on a landscape screen with the speech bar showing.
DISPLAY_CAP = 1.5


class Theme(NamedTuple):
    """Everything visual for one screen size, text size and contrast mode."""

    palette: Palette = CALM
    unit: float = 1.0  # screen scale: short side / 1080
    text_scale: float = 1.0  # the patient's text size, 1.0 to 2.0

    @classmethod
    def for_screen(
        cls, width: int, height: int, text_scale: float = 1.0, high_contrast: bool = False
    ) -> Theme:
        unit = max(0.5, min(width, height) / REFERENCE_SHORT_SIDE)
        palette = HIGH_CONTRAST if high_contrast else CALM
        return cls(palette=palette, unit=unit, text_scale=text_scale)

    def with_size(self, width: int, height: int) -> Theme:
        return self._replace(unit=max(0.5, min(width, height) / REFERENCE_SHORT_SIDE))

    def px(self, size: float, *, text: bool = True, cap: float = 2.0) -> int:
        """A length in pixels at this screen scale (and text scale for text, up to ``cap``:
        Back/Next grow with the text, but not so far that a row of them no longer fits)."""
        return round(size * self.unit * (min(self.text_scale, cap) if text else 1.0))

    @property
    def body_px(self) -> int:
        return self.px(34)

    @property
    def margin(self) -> int:
        return self.px(48, text=False)

    @property
    def touch_min(self) -> int:
        """Smallest touch target: 48 px at the least (WCAG 2.5.5 asks 44), larger on big screens."""
        return max(48, self.px(96, text=False))

    @property
    def heading_px(self) -> dict[int, int]:
        """Heading sizes for topic text (applied in code: Qt ignores CSS sizes on h1-h6)."""
        return {1: self.px(48), 2: self.px(42), 3: self.px(37), 4: self.px(34)}

    @property
    def attract_px(self) -> dict[str, int]:
        """Text sizes on the attract screen, read by a passer-by three metres away. They follow
        the screen but not a text size: nobody has chosen one yet."""
        sizes = {
            "name": 104,
            "tagline": 46,
            "kicker": 42,
            "title": 88,
            "summary": 54,
            "invitation": 60,
        }
        return {role: self.px(px, text=False) for role, px in sizes.items()}

    def qss(self) -> str:
        """The Qt style sheet for every widget, keyed by objectName / dynamic properties."""
        p = self.palette
        radius = self.px(20, text=False)
        attract = self.attract_px
        return f"""
* {{ font-family: "{FONT_FAMILY}"; color: {p.text}; }}
QWidget#KioskWindow, QWidget#Screen {{ background: {p.background}; }}
QLabel {{ background: transparent; font-size: {self.body_px}px; }}
QLabel[role="clinic"] {{
    font-size: {self.px(64, cap=DISPLAY_CAP)}px; font-weight: 700; color: {p.accent};
}}
QLabel[role="tagline"] {{ font-size: {self.px(34)}px; color: {p.muted}; }}
QLabel[role="title"] {{ font-size: {self.px(50)}px; font-weight: 700; }}
QLabel[role="muted"] {{ color: {p.muted}; }}
QLabel[role="indicator"] {{ font-size: {self.px(32, cap=1.5)}px; font-weight: 700; }}
QLabel[role="notice"] {{ font-size: {self.px(28)}px; color: {p.muted}; font-style: italic; }}
QLabel[role="admin-problems"] {{ font-size: {self.px(22)}px; color: {p.muted}; }}
QLabel[role="card-title"] {{ font-size: {self.px(38)}px; font-weight: 700; color: {p.accent}; }}
QLabel[role="card-summary"] {{ font-size: {self.px(30)}px; color: {p.text}; }}
QLabel[role="card-fact"] {{ font-size: {self.px(28)}px; color: {p.muted}; }}
QLabel[role="tile-title"] {{
    font-size: {self.px(46, cap=DISPLAY_CAP)}px; font-weight: 700; color: {p.on_accent};
}}
QLabel[role="tile-summary"] {{ font-size: {self.px(30)}px; color: {p.on_accent}; }}
QWidget#AttractHighlight {{
    background: {p.surface}; border: {max(2, self.px(3, text=False))}px solid {p.border};
    border-radius: {self.px(40, text=False)}px;
}}
QWidget#AttractInvitation {{ background: {p.accent}; border-radius: {self.px(40, text=False)}px; }}
QLabel[role="attract-name"] {{
    font-size: {attract["name"]}px; font-weight: 700; color: {p.accent};
}}
QLabel[role="attract-tagline"] {{ font-size: {attract["tagline"]}px; color: {p.muted}; }}
QLabel[role="attract-kicker"] {{ font-size: {attract["kicker"]}px; color: {p.muted}; }}
QLabel[role="attract-highlight"] {{
    font-size: {attract["title"]}px; font-weight: 700; color: {p.text};
}}
QLabel[role="attract-summary"] {{ font-size: {attract["summary"]}px; color: {p.text}; }}
QLabel[role="attract-cta"] {{
    font-size: {attract["invitation"]}px; font-weight: 700; color: {p.on_accent};
}}
QPushButton {{
    font-size: {self.px(32)}px; font-weight: 700;
    min-height: {self.touch_min}px; min-width: {self.touch_min}px;
    padding: 0 {self.px(28, text=False)}px;
    background: {p.surface}; color: {p.accent};
    border: {max(2, self.px(3, text=False))}px solid {p.accent}; border-radius: {radius}px;
}}
QPushButton:pressed {{ background: {p.pressed}; }}
QPushButton:disabled {{ color: {p.muted}; border-color: {p.border}; border-style: dashed; }}
QPushButton:focus {{ outline: none; border: {max(3, self.px(5, text=False))}px solid {p.focus}; }}
QPushButton[role="primary"] {{ background: {p.accent}; color: {p.on_accent}; }}
QPushButton[role="primary"]:pressed {{ background: {p.text}; }}
QPushButton[role="primary"]:disabled {{
    background: {p.surface}; color: {p.muted}; border-color: {p.border}; border-style: dashed;
}}
QPushButton[role="tile"] {{
    background: {p.accent}; border: none; border-radius: {self.px(32, text=False)}px;
    text-align: left; padding: 0px;
}}
QPushButton[role="tile"]:pressed {{ background: {p.text}; }}
QPushButton[role="card"] {{
    background: {p.surface}; border: {max(2, self.px(2, text=False))}px solid {p.border};
    border-radius: {radius}px; text-align: left; padding: 0px;
}}
QPushButton[role="card"]:pressed {{ background: {p.pressed}; border-color: {p.accent}; }}
QPushButton[role="key"] {{ font-size: {self.px(44)}px; }}
QPushButton[role="card"]:focus, QPushButton[role="tile"]:focus {{
    border: {max(4, self.px(6, text=False))}px solid {p.focus};
}}
QPushButton[nav="true"] {{
    min-width: {self.px(200, text=False)}px; font-size: {self.px(32, cap=1.5)}px;
}}
QPushButton[bar="true"] {{
    font-size: {self.px(28, text=False)}px; min-height: {self.touch_min}px;
    min-width: {self.touch_min}px; padding: 0 {self.px(10, text=False)}px;
}}
QPushButton[bar="true"]:checked {{ background: {p.accent}; color: {p.on_accent}; }}
QWidget#TopBar {{ background: {p.surface}; border-bottom: 2px solid {p.border}; }}
QWidget#Overlay {{ background: rgba(0, 0, 0, 150); }}
QWidget#Dialog {{ background: {p.surface}; border-radius: {radius}px;
    border: 3px solid {p.accent}; }}
"""

    def document_css(self) -> str:
        """CSS for topic text laid out by QTextDocument (Qt's rich-text subset of CSS). Heading
        sizes are not here: Qt ignores them (``heading_px`` sets them in code)."""
        p = self.palette
        return f"""
body {{ font-family: "{FONT_FAMILY}"; font-size: {self.body_px}px; color: {p.text}; }}
p, li {{ line-height: 140%; }}
p {{ margin-top: 0px; margin-bottom: {self.px(22)}px; }}
h1 {{ color: {p.accent}; margin-bottom: {self.px(16)}px; }}
h2 {{ color: {p.accent}; margin-top: {self.px(8)}px; margin-bottom: {self.px(16)}px; }}
h3 {{ color: {p.text}; margin-bottom: {self.px(12)}px; }}
ul, ol {{ margin-top: 0px; margin-bottom: {self.px(22)}px; }}
li {{ margin-bottom: {self.px(10)}px; }}
blockquote {{ color: {p.text}; background-color: {p.pressed}; margin-left: 0px;
    margin-right: 0px; padding: {self.px(18)}px; }}
a {{ color: {p.accent}; text-decoration: underline; }}
.inert-link {{ color: {p.text}; text-decoration: none; }}
.take-home {{ margin-top: {self.px(16)}px; margin-bottom: {self.px(8)}px; }}
table {{ border-collapse: collapse; margin-bottom: {self.px(22)}px; }}
th, td {{ border: 1px solid {p.border}; padding: {self.px(8)}px; }}
code, pre {{ font-family: "DejaVu Sans Mono", monospace; font-size: {self.px(26)}px; }}
"""
