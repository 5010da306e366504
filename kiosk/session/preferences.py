"""What a patient chose: text size, contrast and language. The privacy reset puts them back."""

from __future__ import annotations

from dataclasses import dataclass, replace

TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)  # 100% to 200% (WCAG 1.4.4)


@dataclass(frozen=True)
class Preferences:
    text_scale: float = 1.0
    high_contrast: bool = False
    lang: str = "en"

    @property
    def contrast(self) -> str:
        """The contrast mode by name, as usage figures record it."""
        return "high" if self.high_contrast else "standard"

    def with_text_step(self, step: int) -> Preferences:
        """One text size up (+1) or down (-1), within 100% to 200%."""
        index = min(range(len(TEXT_SCALES)), key=lambda i: abs(TEXT_SCALES[i] - self.text_scale))
        index = max(0, min(len(TEXT_SCALES) - 1, index + step))
        return replace(self, text_scale=TEXT_SCALES[index])

    @property
    def can_grow(self) -> bool:
        return self.text_scale < TEXT_SCALES[-1]

    @property
    def can_shrink(self) -> bool:
        return self.text_scale > TEXT_SCALES[0]
