"""The admin PIN: how it is stored, checked and protected against guessing.

A kiosk stands in a public waiting room, so the PIN that opens the admin screen must never sit in
``kiosk.toml`` as plain text, and the PIN pad must not let someone try all 10,000 four-digit PINs.
The PIN is kept as a salted scrypt hash (slow on purpose, different for every machine even for the
same PIN), compared in constant time, and ``PinLock`` pauses the pad after a few wrong tries.

The PIN itself is never logged or put into an exception message.

The hashing modules (``hashlib``, ``hmac``, ``secrets``) are imported where a PIN is hashed or
checked: each loads OpenSSL's libcrypto, 3.4 MiB of the kiosk's memory (PSS, measured here) for
the whole day, while a PIN is typed once in a while and the shape check ``kiosk.toml`` needs at
start (``looks_like_pin_hash``) is only a pattern.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import time
from collections.abc import Callable
from typing import NamedTuple

from kiosk.errors import ConfigError

logger = logging.getLogger(__name__)

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 12

# scrypt cost: 16 MiB of memory and about 50 ms per hash on a kiosk-class CPU. Fast enough for a
# PIN pad, slow enough that a copied kiosk.toml cannot be brute-forced in an instant.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32

# Stored hashes may carry other cost settings (a future default); these bounds stop a tampered
# kiosk.toml from making every PIN check take minutes or gigabytes.
_MAX_N = 2**17
_MAX_R = 16
_MAX_P = 4
_MAX_MEM = 256 * 1024 * 1024
_MIN_SALT_BYTES = 8
_MIN_HASH_BYTES = 16

_PIN_PATTERN = re.compile(rf"[0-9]{{{PIN_MIN_DIGITS},{PIN_MAX_DIGITS}}}")
_HASH_PATTERN = re.compile(
    r"scrypt\$(?P<n>[0-9]{1,10})\$(?P<r>[0-9]{1,3})\$(?P<p>[0-9]{1,3})"
    r"\$(?P<salt>[A-Za-z0-9_-]+)\$(?P<hash>[A-Za-z0-9_-]+)"
)


class _StoredHash(NamedTuple):
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(pin: str, salt: bytes, *, n: int, r: int, p: int, length: int) -> bytes:
    import hashlib  # noqa: PLC0415 - OpenSSL only when a PIN is hashed (see the module's docstring)

    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAX_MEM, dklen=length
    )


def _parse(stored: str) -> _StoredHash | None:
    """Split a stored hash into its parts, or None if it is not one this module could verify."""
    if not isinstance(stored, str):
        return None
    match = _HASH_PATTERN.fullmatch(stored.strip())
    if match is None:
        return None
    n, r, p = int(match["n"]), int(match["r"]), int(match["p"])
    # n must be a power of two greater than 1 for scrypt.
    if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        return None
    try:
        salt = _b64decode(match["salt"])
        digest = _b64decode(match["hash"])
    except (binascii.Error, ValueError):
        return None
    if len(salt) < _MIN_SALT_BYTES or len(digest) < _MIN_HASH_BYTES:
        return None
    return _StoredHash(n=n, r=r, p=p, salt=salt, digest=digest)


def hash_pin(pin: str) -> str:
    """Return a salted scrypt hash of ``pin`` to store as ``admin_pin_hash`` in kiosk.toml.

    Raises ``ConfigError("admin_pin", ...)`` unless the PIN is 4 to 12 digits; the message never
    repeats the PIN.
    """
    if not _PIN_PATTERN.fullmatch(pin):
        raise ConfigError(
            "admin_pin",
            f"the PIN must be {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits (0-9) with nothing else;"
            " choose a PIN of digits only",
        )
    import secrets  # noqa: PLC0415 - OpenSSL only when a PIN is hashed

    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, length=HASH_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64encode(salt)}${_b64encode(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    """True if ``pin`` matches ``stored``; a malformed ``stored`` gives False, never an error."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    try:
        candidate = _scrypt(
            pin, parsed.salt, n=parsed.n, r=parsed.r, p=parsed.p, length=len(parsed.digest)
        )
    except (ValueError, MemoryError, UnicodeError):
        return False
    import hmac  # noqa: PLC0415 - OpenSSL only when a PIN is checked

    return hmac.compare_digest(candidate, parsed.digest)


def looks_like_pin_hash(value: str) -> bool:
    """True if ``value`` has the shape of a hash made by ``hash_pin`` (checked without hashing)."""
    return _parse(value) is not None


class PinLock:
    """Checks PINs typed on the admin pad and locks the pad after too many wrong tries.

    After ``max_tries`` wrong PINs in a row the pad refuses every PIN for ``lock_seconds`` (without
    even hashing it); when that time is over the count starts again. A right PIN clears the count.
    ``now`` is injectable so tests can move time on without sleeping.
    """

    def __init__(
        self,
        stored_hash: str,
        *,
        now: Callable[[], float] = time.monotonic,
        max_tries: int = 5,
        lock_seconds: float = 60.0,
    ) -> None:
        self._stored_hash = stored_hash
        self._now = now
        self.max_tries = max_tries
        self.lock_seconds = lock_seconds
        self._wrong_tries = 0
        self._locked_until: float | None = None

    def _expire_lock(self) -> None:
        if self._locked_until is not None and self._now() >= self._locked_until:
            self._locked_until = None
            self._wrong_tries = 0

    def locked_for(self) -> float:
        """Seconds until the pad takes PINs again; 0.0 when it is not locked."""
        self._expire_lock()
        if self._locked_until is None:
            return 0.0
        return max(0.0, self._locked_until - self._now())

    @property
    def tries_left(self) -> int:
        """Wrong tries still allowed before the pad locks (0 while it is locked)."""
        self._expire_lock()
        return max(0, self.max_tries - self._wrong_tries)

    def check(self, pin: str) -> bool:
        """True if ``pin`` is right; False if it is wrong or the pad is locked."""
        if self.locked_for() > 0:
            return False
        if verify_pin(pin, self._stored_hash):
            self._wrong_tries = 0
            return True
        self._wrong_tries += 1
        if self._wrong_tries >= self.max_tries:
            self._locked_until = self._now() + self.lock_seconds
            logger.info(
                "admin PIN pad locked for %.0f s after %d wrong tries",
                self.lock_seconds,
                self._wrong_tries,
            )
        return False
