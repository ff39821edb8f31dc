"""One spelling per e-mail address.

Every lookup and every rate limit goes through `email_normalize`, so "Lead@Example.org",
"ＬＥＡＤ@example.org" (full-width) and "lead@example.org" are the same account and share one
count of failed sign-ins.
"""

from __future__ import annotations

import unicodedata


def email_normalize(value: str) -> str:
    """Unicode NFKC, then case-folded, without surrounding white space."""
    return unicodedata.normalize("NFKC", value or "").casefold().strip()
