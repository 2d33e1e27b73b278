"""Password hashing for operator sign-in: argon2id, never the password itself.

The stored value is argon2's encoded hash (``$argon2id$v=19$m=…,t=…,p=…$salt$hash``): the
salt and the cost parameters travel with it, so raising the costs later only needs
``needs_rehash`` at the next successful sign-in.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from console.core.errors import ValidationError

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256

# The password every operator of the demonstration database (`main.py demo`) signs in
# with; README "Operators and roles" states it. Never used outside the demo.
DEMO_PASSWORD = "watchroom-demo"

# RFC 9106 "second recommended" profile (argon2-cffi's default): 64 MiB, 3 passes.
_HASHER = PasswordHasher()


def hasher() -> PasswordHasher:
    return _HASHER


def check_password_policy(password: str) -> None:
    """Refuse passwords too short to resist a guess at the console."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"A password needs at least {MIN_PASSWORD_LENGTH} characters.", "password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(
            f"A password may have at most {MAX_PASSWORD_LENGTH} characters.", "password")
    if password.strip() != password or not password.strip():
        raise ValidationError(
            "A password may not start or end with spaces.", "password")


def hash_password(password: str) -> str:
    """The argon2id encoded hash of ``password`` (a fresh random salt each call)."""
    return _HASHER.hash(password)


def verify_password(encoded: str, password: str) -> bool:
    """Whether ``password`` matches ``encoded``; a malformed hash never matches."""
    try:
        return _HASHER.verify(encoded, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(encoded: str) -> bool:
    """Whether ``encoded`` was made with other parameters than the current ones."""
    try:
        return _HASHER.check_needs_rehash(encoded)
    except InvalidHashError:
        return True


# The hash of a random password nobody knows, made with the current parameters (a test
# checks they still match): computed once here rather than at the first unknown name, whose
# answer would otherwise take twice as long as the next ones.
_DUMMY_HASH = ("$argon2id$v=19$m=65536,t=3,p=4$ovfWnJXf5WNEzYeE46Xt9Q$"
               "Cazx1HePLlWL4JkXIkrdtx30zL1uYt2g7OebjBdmspc")


def dummy_hash() -> str:
    """A hash to verify against for unknown operators, so that a wrong name takes as long
    as a wrong password and the timing does not tell which names exist."""
    return _DUMMY_HASH


@lru_cache(maxsize=1)
def demo_password_hash() -> str:
    """The hash of ``DEMO_PASSWORD``, computed once per process for all demo operators
    (seeding eight operators at 0.1 s each would slow every demo start)."""
    return _HASHER.hash(DEMO_PASSWORD)
