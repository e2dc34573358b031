"""Pydantic's validators of the table classes, built only if they are ever used.

SQLModel makes each table class a pydantic model too, and pydantic builds a validator and
a serializer for every one of them when the class is defined: some 0.5 MiB resident for
Lotsen's tables. Lotsen never uses them: SQLAlchemy loads the rows, a table class's
constructor does not validate, and the rules on what may be saved live in ``db`` itself.
With ``defer_build`` pydantic builds them the first time something asks (``model_validate``,
``model_dump``), so nothing changes for code that does.

Every module that defines tables imports this one before its first table class.
"""

from __future__ import annotations

from sqlmodel import SQLModel

SQLModel.model_config["defer_build"] = True
