"""What a patient chose: text size, contrast, language, and how fast and loud speech mode
speaks. The privacy reset puts them all back (Section 508 402.3.2: volume returns to its
default for the next person)."""

from __future__ import annotations

from dataclasses import dataclass, replace

TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)  # 100% to 200% (WCAG 1.4.4)
# QTextToSpeech's scales: rate -1 (slowest) to 1 (fastest), 0 the voice's own; volume 0 to 1.
SPEECH_RATES = (-0.5, -0.25, 0.0, 0.25, 0.5)
SPEECH_VOLUMES = (0.4, 0.6, 0.8, 1.0)
DEFAULT_SPEECH_RATE = 0.0
DEFAULT_SPEECH_VOLUME = 0.8


def _step(steps: tuple[float, ...], value: float, step: int) -> float:
    """The value ``step`` places along ``steps`` from the one nearest ``value``, kept within."""
    index = min(range(len(steps)), key=lambda i: abs(steps[i] - value))
    return steps[max(0, min(len(steps) - 1, index + step))]


@dataclass(frozen=True)
class Preferences:
    text_scale: float = 1.0
    high_contrast: bool = False
    lang: str = "en"
    speech_rate: float = DEFAULT_SPEECH_RATE
    speech_volume: float = DEFAULT_SPEECH_VOLUME

    @property
    def contrast(self) -> str:
        """The contrast mode by name, as usage figures record it."""
        return "high" if self.high_contrast else "standard"

    def with_text_step(self, step: int) -> Preferences:
        """One text size up (+1) or down (-1), within 100% to 200%."""
        return replace(self, text_scale=_step(TEXT_SCALES, self.text_scale, step))

    def with_rate_step(self, step: int) -> Preferences:
        """Speech one step faster (+1) or slower (-1)."""
        return replace(self, speech_rate=_step(SPEECH_RATES, self.speech_rate, step))

    def with_volume_step(self, step: int) -> Preferences:
        """Speech one step louder (+1) or quieter (-1)."""
        return replace(self, speech_volume=_step(SPEECH_VOLUMES, self.speech_volume, step))

    @property
    def can_speak_faster(self) -> bool:
        return self.speech_rate < SPEECH_RATES[-1]

    @property
    def can_speak_slower(self) -> bool:
        return self.speech_rate > SPEECH_RATES[0]

    @property
    def can_speak_louder(self) -> bool:
        return self.speech_volume < SPEECH_VOLUMES[-1]

    @property
    def can_speak_quieter(self) -> bool:
        return self.speech_volume > SPEECH_VOLUMES[0]

    @property
    def can_grow(self) -> bool:
        return self.text_scale < TEXT_SCALES[-1]

    @property
    def can_shrink(self) -> bool:
        return self.text_scale > TEXT_SCALES[0]
