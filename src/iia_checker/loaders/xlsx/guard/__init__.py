"""Guard the workbook readers against hostile files, before any reader opens them."""
