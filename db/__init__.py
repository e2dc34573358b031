"""Lotsen's data layer.

Everything here is plain Python + SQLModel/SQLAlchemy: it never imports textual or rich,
so command-line tools, workers and tests can use it without the UI.
"""
