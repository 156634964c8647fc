"""Workbooks written for people: templates, conversion, form and register writing."""
