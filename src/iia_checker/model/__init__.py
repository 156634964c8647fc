"""The data every layer shares: submissions, JSON pointers, A1 references, findings."""
