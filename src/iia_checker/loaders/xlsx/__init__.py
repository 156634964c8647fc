"""Read IIA workbooks (.xlsx, .xlsm): a form (one project) or a register (many)."""
