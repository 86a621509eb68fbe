"""Imports: the multipart form of ``POST /graphs/{org}/{graph}/import``."""

from __future__ import annotations

from marshmallow import Schema, fields


class ImportFormSchema(Schema):
    branch = fields.String(load_default="main")
    message = fields.String(load_default="Import")


class ImportFileSchema(Schema):
    file = fields.Raw(metadata={"type": "string", "format": "binary"}, required=True)
