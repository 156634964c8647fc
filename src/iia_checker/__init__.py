"""iia-checker: check Integrated Impact Assessments against declarative rules."""

__version__ = "0.1.0"
