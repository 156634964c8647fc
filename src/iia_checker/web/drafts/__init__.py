"""Fill in an assessment in the browser: drafts in SQLite, a form from the schema."""
