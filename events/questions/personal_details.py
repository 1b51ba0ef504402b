"""Spot personal details in a question before it is saved: phone numbers, email addresses and
immigration case numbers. Years, times, dates and street numbers are left alone."""

import re
from dataclasses import dataclass

from ..enums import PersonalDetail

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# An "A-number": A, then 8 or 9 digits, often written A123456789, A-123-456-789 or A# 12345678.
_A_NUMBER = re.compile(
    r"(?<![\w])A\s*(?:-?\s*number\b\s*:?|#\s*:?|No\.?|-)?\s*"
    r"(\d{8,9}|\d{2,3}[\s-]\d{3}[\s-]\d{3})(?![\d-])",
    re.IGNORECASE,
)
# USCIS receipt numbers: three letters for the service centre, then ten digits.
_RECEIPT = re.compile(r"\b(?:EAC|WAC|LIN|SRC|NBC|MSC|IOE|YSC)[\s-]?\d{10}\b", re.IGNORECASE)
_PHONE = re.compile(
    r"""(?<![\w+$])(?:
        \+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}                 # +252 61 234 5678
      | (?:1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}      # (763) 493-8000, 763.493.8000
      | \d{3}-\d{4}                                          # 493-8000
    )(?![\w])""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Finding:
    kind: PersonalDetail
    text: str


def find_personal_details(text: str) -> list[Finding]:
    findings = []
    taken: list[tuple[int, int]] = []

    def add(kind, match):
        span = match.span()
        if any(start < span[1] and span[0] < end for start, end in taken):
            return
        taken.append(span)
        findings.append(Finding(kind, match.group(0).strip()))

    for match in _EMAIL.finditer(text):
        add(PersonalDetail.EMAIL, match)
    for pattern in (_A_NUMBER, _RECEIPT):
        for match in pattern.finditer(text):
            add(PersonalDetail.CASE_NUMBER, match)
    for match in _PHONE.finditer(text):
        if sum(ch.isdigit() for ch in match.group(0)) >= 7:
            add(PersonalDetail.PHONE, match)
    # In the order they appear in the text, as the resident will look for them.
    ordered = sorted(zip(taken, findings, strict=True), key=lambda pair: pair[0])
    return [finding for _, finding in ordered]
