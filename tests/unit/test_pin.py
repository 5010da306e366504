"""Tests for kiosk.pin: the admin PIN hash and the lock-out after wrong tries.

Real-cost scrypt hashes take about 50 ms each, so only a few tests make one; the PinLock tests
use a stored hash with a cheap cost setting (which verify_pin accepts) and a fake clock.
"""

from __future__ import annotations

import base64
import hashlib
import logging

import pytest

import kiosk.pin
from kiosk.errors import ConfigError
from kiosk.pin import PinLock, hash_pin, looks_like_pin_hash, verify_pin

PIN = "482915"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def cheap_hash(pin: str, *, n: int = 2**4, r: int = 1, p: int = 1) -> str:
    """A valid stored hash with a low cost, so tests can verify PINs many times quickly."""
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


class FakeClock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="module")
def stored() -> str:
    """One real-cost hash of PIN, shared by the tests that need one."""
    return hash_pin(PIN)


# --- hash_pin / verify_pin ---------------------------------------------------------------------


def test_hash_has_the_documented_format(stored: str) -> None:
    algorithm, n, r, p, salt, digest = stored.split("$")
    assert (algorithm, n, r, p) == ("scrypt", "16384", "8", "1")
    assert "=" not in salt + digest
    assert len(base64.urlsafe_b64decode(salt + "==")) == 16
    assert len(base64.urlsafe_b64decode(digest + "=")) == 32
    assert PIN not in stored


def test_right_pin_verifies(stored: str) -> None:
    assert verify_pin(PIN, stored) is True
    assert looks_like_pin_hash(stored) is True


@pytest.mark.parametrize("wrong", ["482914", "4829150", "48291", "", "abcd"])
def test_wrong_pin_does_not_verify(stored: str, wrong: str) -> None:
    assert verify_pin(wrong, stored) is False


def test_same_pin_hashes_differently_each_time(stored: str) -> None:
    again = hash_pin(PIN)
    assert again != stored
    assert again.split("$")[4] != stored.split("$")[4]  # a fresh salt
    assert verify_pin(PIN, again) is True


def test_hash_with_other_cost_settings_still_verifies() -> None:
    # A hash stored by a future version with another cost keeps working.
    assert verify_pin("1234", cheap_hash("1234", n=2**10, r=4, p=2)) is True
    assert verify_pin("1235", cheap_hash("1234", n=2**10, r=4, p=2)) is False


@pytest.mark.parametrize(
    "pin",
    ["123", "1234567890123", "12a4", "", " 1234", "1234\n", "12-34", "١٢٣٤", "１２３４", "1.23"],
)
def test_hash_pin_rejects_anything_but_4_to_12_ascii_digits(pin: str) -> None:
    with pytest.raises(ConfigError) as info:
        hash_pin(pin)
    assert info.value.key == "admin_pin"
    assert info.value.message == (
        "the PIN must be 4 to 12 digits (0-9) with nothing else; choose a PIN of digits only"
    )


def test_hash_pin_accepts_4_and_12_digits() -> None:
    assert looks_like_pin_hash(hash_pin("0000"))
    assert looks_like_pin_hash(hash_pin("123456789012"))


GOOD = cheap_hash("1234")
_, _N, _R, _P, _SALT, _DIGEST = GOOD.split("$")


@pytest.mark.parametrize(
    "malformed",
    [
        "",
        "1234",
        "scrypt$",
        f"bcrypt${_N}${_R}${_P}${_SALT}${_DIGEST}",
        f"scrypt${_N}${_R}${_P}${_SALT}",
        f"scrypt${_N}${_R}${_P}${_SALT}${_DIGEST}$extra",
        f"scrypt$15${_R}${_P}${_SALT}${_DIGEST}",  # n not a power of two
        f"scrypt${2**30}${_R}${_P}${_SALT}${_DIGEST}",  # would take gigabytes
        f"scrypt${_N}$0${_P}${_SALT}${_DIGEST}",
        f"scrypt${_N}${_R}$99${_SALT}${_DIGEST}",
        f"scrypt${_N}${_R}${_P}$c2FsdA${_DIGEST}",  # salt too short
        f"scrypt${_N}${_R}${_P}${_SALT}$c2hvcnQ",  # digest too short
        f"scrypt${_N}${_R}${_P}${_SALT}+/${_DIGEST}",  # not urlsafe base64
        f"scrypt${_N}${_R}${_P}${_SALT}${_DIGEST[:-2]}",  # cut short: not valid base64
    ],
)
def test_malformed_stored_hash_is_false_and_never_raises(malformed: str) -> None:
    assert looks_like_pin_hash(malformed) is False
    assert verify_pin("1234", malformed) is False


def test_stored_hash_with_surrounding_spaces_is_accepted() -> None:
    assert verify_pin("1234", f"  {GOOD}\n") is True


# --- PinLock -------------------------------------------------------------------------------------


def make_lock(clock: FakeClock) -> PinLock:
    return PinLock(cheap_hash("1234"), now=clock)


def test_right_pin_opens() -> None:
    lock = make_lock(FakeClock())
    assert lock.check("1234") is True
    assert lock.locked_for() == 0.0
    assert lock.tries_left == 5


def test_five_wrong_tries_lock_the_pad_for_60_seconds() -> None:
    clock = FakeClock()
    lock = make_lock(clock)
    for tries_left in (4, 3, 2, 1):
        assert lock.check("0000") is False
        assert lock.tries_left == tries_left
        assert lock.locked_for() == 0.0
    assert lock.check("0000") is False
    assert lock.locked_for() == 60.0
    assert lock.tries_left == 0

    assert lock.check("1234") is False  # even the right PIN, while locked
    clock.advance(59.5)
    assert lock.locked_for() == 0.5
    assert lock.check("1234") is False
    assert lock.locked_for() == 0.5  # a try while locked does not extend the lock

    clock.advance(0.5)
    assert lock.locked_for() == 0.0
    assert lock.tries_left == 5
    assert lock.check("1234") is True


def test_after_the_lock_ends_five_more_wrong_tries_lock_it_again() -> None:
    clock = FakeClock()
    lock = make_lock(clock)
    for _ in range(5):
        lock.check("0000")
    clock.advance(60)
    for _ in range(4):
        assert lock.check("0000") is False
    assert lock.locked_for() == 0.0
    assert lock.check("0000") is False
    assert lock.locked_for() == 60.0


def test_right_pin_resets_the_count() -> None:
    lock = make_lock(FakeClock())
    for _ in range(4):
        lock.check("0000")
    assert lock.check("1234") is True
    assert lock.tries_left == 5
    for _ in range(4):
        lock.check("0000")
    assert lock.locked_for() == 0.0


def test_locked_pad_does_not_even_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    lock = make_lock(FakeClock())
    for _ in range(5):
        lock.check("0000")
    calls: list[str] = []

    def counting_verify(pin: str, stored: str) -> bool:
        calls.append(pin)
        return True

    monkeypatch.setattr(kiosk.pin, "verify_pin", counting_verify)
    assert lock.check("1234") is False
    assert calls == []


def test_lock_is_logged_without_the_pin(caplog: pytest.LogCaptureFixture) -> None:
    lock = make_lock(FakeClock())
    with caplog.at_level(logging.DEBUG, logger="kiosk.pin"):
        for _ in range(5):
            lock.check("9876")
    assert caplog.messages == ["admin PIN pad locked for 60 s after 5 wrong tries"]
    assert "9876" not in caplog.text
