"""The submission schema: loading, structural validation, plain-English messages."""
