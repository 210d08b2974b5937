"""Every CSV and XLSX cell the product writes passes through here, so text typed by the public
(a business called "=HYPERLINK(...)") is never run as a formula when a hub opens the file
(OWASP, CSV injection): a text cell starting with =, +, -, @, a tab or a carriage return gets
a leading apostrophe, and XLSX cells from data are always written as text, never formulas."""

from datetime import date, datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """The value, with a text value that a spreadsheet would read as a formula defused."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(value) -> str:
    """A CSV cell: ISO dates, `true`/`false`, empty for nothing, text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(neutralised(value)) if isinstance(value, str) else str(value)


def xlsx_cell(sheet, value):
    """An XLSX cell: numbers, dates and booleans as themselves; text always as text."""
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return WriteOnlyCell(sheet, value="")
    cell = WriteOnlyCell(sheet, value=neutralised(value))
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    return cell
