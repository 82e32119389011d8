"""The staff PIN: how it is stored in kiosk.yaml and checked, and a tool to make a new one.

The configuration never holds a plain PIN, only a salted PBKDF2-SHA256 hash written as
``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>``. A 4-digit PIN has only 10,000 values, so the
hash alone would not stop a determined attacker who has the file; what protects the kiosk is that
the file is readable only by staff and that the admin screen locks out after a few wrong tries.
The hash just keeps the PIN off screens, backups and tickets.

Make the line to paste into kiosk.yaml (asks twice, shows nothing)::

    python -m game.kiosk.pin
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import hmac
import secrets
import sys
from collections.abc import Callable
from typing import TextIO

SCHEME = "pbkdf2_sha256"
DEFAULT_ITERATIONS = 200_000
"""About 0.1-0.2 s per check on a 2-core kiosk: slow enough to cost a thief, fast enough that the
admin screen does not visibly stall when staff type the PIN."""
MIN_ITERATIONS = 100_000
MAX_ITERATIONS = 2_000_000
"""Above this one check would take over a second and freeze the frame loop (and the watchdog)."""
SALT_BYTES = 16
PIN_DIGITS = (4, 12)


def valid_pin(pin: str) -> bool:
    """A PIN is 4 to 12 ASCII digits: typeable on the admin keypad, nothing else."""
    return PIN_DIGITS[0] <= len(pin) <= PIN_DIGITS[1] and pin.isascii() and pin.isdigit()


def hash_pin(pin: str, salt: bytes | None = None, iterations: int = DEFAULT_ITERATIONS) -> str:
    """The storable form of `pin`. A fresh random salt unless one is given (tests, defaults)."""
    if not valid_pin(pin):
        raise ValueError(f"a PIN is {PIN_DIGITS[0]} to {PIN_DIGITS[1]} digits, 0-9 only")
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be {MIN_ITERATIONS} to {MAX_ITERATIONS}")
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations)
    return f"{SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def parse_pin_hash(stored: str) -> tuple[int, bytes, bytes]:
    """(iterations, salt, digest) of a stored hash, or ValueError saying what is malformed."""
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != SCHEME:
        raise ValueError(
            f"expected '{SCHEME}$<iterations>$<salt hex>$<hash hex>'; "
            "make one with: python -m game.kiosk.pin"
        )
    _, iters, salt_hex, digest_hex = parts
    if not iters.isascii() or not iters.isdigit():
        raise ValueError(f"iterations '{iters}' is not a whole number")
    iterations = int(iters)
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(
            f"iterations {iterations} is outside {MIN_ITERATIONS}..{MAX_ITERATIONS} "
            "(too few is weak; too many freezes the admin screen)"
        )
    try:
        salt = bytes.fromhex(salt_hex)
        digest = bytes.fromhex(digest_hex)
    except ValueError:
        raise ValueError("salt and hash must be hexadecimal") from None
    if len(salt) < 8:
        raise ValueError("the salt must be at least 8 bytes (16 hex digits)")
    if len(digest) != hashlib.sha256().digest_size:
        raise ValueError("the hash must be 32 bytes (64 hex digits)")
    return iterations, salt, digest


def check_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches `stored`. Never raises: a malformed PIN or hash is just "no"."""
    if not valid_pin(pin):
        return False
    try:
        iterations, salt, digest = parse_pin_hash(stored)
    except ValueError:
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations)
    return hmac.compare_digest(candidate, digest)


def main(
    argv: list[str] | None = None,
    ask: Callable[[str], str] = getpass.getpass,
    out: TextIO | None = None,
) -> int:
    """Ask for a new PIN twice and print the kiosk.yaml lines. Exit 1 if they differ or are bad."""
    out = sys.stdout if out is None else out
    argparse.ArgumentParser(
        prog="python -m game.kiosk.pin",
        description="Ask for a new staff PIN twice (nothing is shown) and print the "
        "pin_hash line for kiosk.yaml.",
    ).parse_args(argv)
    try:
        first = ask(f"New staff PIN ({PIN_DIGITS[0]}-{PIN_DIGITS[1]} digits): ")
        if not valid_pin(first):
            print(
                f"error: a PIN is {PIN_DIGITS[0]}-{PIN_DIGITS[1]} digits, 0-9 only", file=sys.stderr
            )
            return 1
        second = ask("Same PIN again: ")
    except (EOFError, KeyboardInterrupt):
        print("\nno PIN entered; nothing changed", file=sys.stderr)
        return 1
    if second != first:
        print("error: the two PINs differ; nothing changed", file=sys.stderr)
        return 1
    print("# paste under 'admin:' in kiosk.yaml, replacing the old pin_hash line", file=out)
    print(f'  pin_hash: "{hash_pin(first)}"', file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
