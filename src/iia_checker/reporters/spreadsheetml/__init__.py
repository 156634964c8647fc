"""A small streaming SpreadsheetML (Office Open XML) writer for the XLSX report."""
