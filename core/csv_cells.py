"""CSV cells a spreadsheet will not run. A cell starting with = + - @ | (or a tab or a carriage
return, which some spreadsheets skip before reading a formula) is read by Excel, LibreOffice and
Google Sheets as a formula, so a complained URL like `=HYPERLINK(...)` could run on the
complainant's machine. Such cells get a leading apostrophe, which the spreadsheet shows as text."""

from collections.abc import Iterable

# The full-width forms too: spreadsheets in East Asian locales read them as the ASCII signs.
FORMULA_STARTS = ("=", "+", "-", "@", "|", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(value) for value in values]
