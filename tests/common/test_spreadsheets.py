import pytest

from events.common.spreadsheets import safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("hello", "hello"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (5, "5"),
        (-5, "'-5"),
        ("Café ☕", "Café ☕"),
    ],
)
def test_safe_cell_neutralises_only_what_a_spreadsheet_would_run(value, expected):
    assert safe_cell(value) == expected
