"""Batch checks: a table of enterprises (a CSV file as Excel and WPS save it, or a workbook's sheet
through :mod:`selfcheck.xlsx`), one enterprise a row, each row read in the reader's words and checked
as it comes, the results written as CSV or .xlsx with the rows that could not be checked first.

The parts, each a module of this package:

- ``_headers``, ``_sheet``, ``_csvfile``, ``_xlsx``: a table read as it goes (headers in either
  language or by answer key, example rows skipped, CSV bytes decoded as Excel and WPS save them, a
  workbook's sheet streamed with the standard library);
- ``_rows``: :class:`Batch`, the rows checked one at a time (:class:`BatchRow`), outcomes counted;
- ``_results``: a result row as the reader and a program read it, and the summary;
- ``_files``: files in and out in bounded memory (the command line's batch);
- ``_browser``: the page's batch in chunks, through :func:`selfcheck.handle` (:data:`OPS`).

Everything outside the package uses the names below.
"""

from ._browser import CHUNK_ROWS, OPS, UNREADABLE, template_csv
from ._csvfile import TableBroken, csv_stream, decode_csv_bytes
from ._files import (
    csv_file_encoding,
    is_xlsx,
    open_csv_file,
    open_table_file,
    run_batch,
    spooled,
    write_csv,
    write_results,
)
from ._results import VERDICTS, output_columns, result_cells, result_columns, summary
from ._rows import Batch, BatchRow, check_rows, parse_row, sheet_errors
from ._sheet import REF, SheetError, SheetStream
from ._xlsx import open_xlsx, sniff

__all__ = [
    "CHUNK_ROWS",
    "OPS",
    "UNREADABLE",
    "REF",
    "VERDICTS",
    "Batch",
    "BatchRow",
    "SheetError",
    "SheetStream",
    "TableBroken",
    "check_rows",
    "csv_file_encoding",
    "csv_stream",
    "decode_csv_bytes",
    "is_xlsx",
    "open_csv_file",
    "open_table_file",
    "open_xlsx",
    "output_columns",
    "parse_row",
    "result_cells",
    "result_columns",
    "run_batch",
    "sheet_errors",
    "sniff",
    "spooled",
    "summary",
    "template_csv",
    "write_csv",
    "write_results",
]
