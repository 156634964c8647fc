"""A rule's life: read from YAML, validated, compiled into nodes, documented."""
