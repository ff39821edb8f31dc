from django.contrib.auth.hashers import PBKDF2PasswordHasher


class TestPBKDF2Hasher(PBKDF2PasswordHasher):
    """Slow enough (a few milliseconds) for a timing test to see a hash, fast enough to run."""

    iterations = 30_000
