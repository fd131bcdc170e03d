"""Password hashing with argon2id, and the only password rule we enforce: length."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 1024  # bounds the hashing cost of a hostile input

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verifying against this keeps "unknown e-mail" as slow as "wrong password" (no account enumeration).
_DUMMY_HASH = _hasher.hash("entraide-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str) -> str | None:
    """The French message to show when a new password is refused, or None."""
    if len(password) < MIN_LENGTH:
        return f"Le mot de passe doit contenir au moins {MIN_LENGTH} caractères."
    if len(password) > MAX_LENGTH:
        return "Le mot de passe est trop long."
    return None
