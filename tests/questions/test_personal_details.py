"""The personal-details check behind the question form: what it flags, and what it leaves alone.

Each case lists exactly what should be found, in the order it appears in the question, so a
resident reading the warning sees the items as they wrote them.
"""

import pytest

from events.enums import PersonalDetail
from events.questions.personal_details import find_personal_details

PHONE = PersonalDetail.PHONE
EMAIL = PersonalDetail.EMAIL
CASE = PersonalDetail.CASE_NUMBER

FOUND = [
    # Immigration case numbers ("A-numbers"): A, then 8 or 9 digits, written many ways.
    ("My A-number is A123456789, any news?", [(CASE, "A123456789")]),
    ("Mine is A-123-456-789.", [(CASE, "A-123-456-789")]),
    ("My card says A# 12345678", [(CASE, "A# 12345678")]),
    ("A#123456789 is still waiting", [(CASE, "A#123456789")]),
    ("It is A 123 456 789 on the card", [(CASE, "A 123 456 789")]),
    ("lowercase works too: a12345678", [(CASE, "a12345678")]),
    ("Written A No. 123456789 on my letter", [(CASE, "A No. 123456789")]),
    ("My A-number 123456789 was denied", [(CASE, "A-number 123456789")]),
    # USCIS receipt numbers: three letters, then ten digits.
    ("Receipt IOE1234567890 is pending", [(CASE, "IOE1234567890")]),
    ("Receipt EAC-1234567890 is pending", [(CASE, "EAC-1234567890")]),
    ("receipt number LIN 1234567890", [(CASE, "LIN 1234567890")]),
    # US phone numbers.
    ("Call me at (763) 493-8000 please", [(PHONE, "(763) 493-8000")]),
    ("Call me at 763-493-8000 please", [(PHONE, "763-493-8000")]),
    ("Call me at 763.493.8000 please", [(PHONE, "763.493.8000")]),
    ("Call me at +1 763 493 8000 please", [(PHONE, "+1 763 493 8000")]),
    ("Call me at 1-763-493-8000.", [(PHONE, "1-763-493-8000")]),
    ("Text 7634938000 after six", [(PHONE, "7634938000")]),
    ("Call 493-8000 tonight", [(PHONE, "493-8000")]),
    # International phone numbers.
    ("My cousin is at +252 61 234 5678", [(PHONE, "+252 61 234 5678")]),
    ("London office +44 20 7946 0958", [(PHONE, "+44 20 7946 0958")]),
    # Email addresses.
    ("Write to amina.hassan@example.org.", [(EMAIL, "amina.hassan@example.org")]),
    ("me+forum@mail.example.co.uk works", [(EMAIL, "me+forum@mail.example.co.uk")]),
    ("SHOUTING@EXAMPLE.ORG", [(EMAIL, "SHOUTING@EXAMPLE.ORG")]),
    # Several in one question: listed in the order they were written.
    (
        "Call 763-493-8000 or write amina@example.org about A123456789",
        [(PHONE, "763-493-8000"), (EMAIL, "amina@example.org"), (CASE, "A123456789")],
    ),
]

NOT_FOUND = [
    # Years and year ranges.
    "What happened to the budget in 2024?",
    "Rents rose from 2019 to 2024",
    "What did the 2019-2024 plan achieve?",
    "Is there a 2024 2025 budget for parks?",
    # Times and dates.
    "Can the meeting be at 6:30 or 18:30?",
    "The clinic is open 7:00-9:00 on Tuesdays",
    "Will the forum on 02/19/2027 be recorded?",
    "Will the forum on February 19, 2027 be recorded?",
    "Is the 2027-02-19 meeting still on?",
    # Street addresses and places.
    "Parking at 5200 85th Ave N is full",
    "What will happen at 8400 Zane Ave?",
    "Why does ZIP 55443 pay more for water?",
    "Is Room 101 accessible?",
    "Traffic on I-94 is worse",
    # Money and other counts.
    "Rent went up to $1,200",
    "Rent went from $900-1200 a month",
    "Why a budget of $12,345,678?",
    "Section 8 vouchers for 2,500 homes",
    "We need 100 200 or 300 more beds",
    # Other numbers people write in questions.
    "Should I call 911 first?",
    "Is A1234567 a valid number?",  # 7 digits: too short for an A-number
    "Is A1234567890 a valid number?",  # 10 digits: too long for an A-number
    "Do I need Form I-130 and I-485?",
    "What does Ordinance 2024-15 change?",
    # An "@" that is not an email address.
    "Follow @BrooklynParkMN for updates",
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_personal_details_are_found_exactly(text, expected):
    found = [(finding.kind, finding.text) for finding in find_personal_details(text)]

    assert found == expected


@pytest.mark.parametrize("text", NOT_FOUND)
def test_ordinary_numbers_are_not_mistaken_for_personal_details(text):
    found = [(finding.kind, finding.text) for finding in find_personal_details(text)]

    assert found == []
