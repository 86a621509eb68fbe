"""Organisations and their members."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...domain import lengths, names
from ...domain.permissions import ROLES
from .base import Strict, length, name_field


class OrgCreateSchema(Strict):
    slug = name_field(names.ORG_SLUG, required=True)
    name = fields.String(required=True, validate=length(lengths.TITLE))


ROLE = validate.OneOf(ROLES)


class MemberSchema(Schema):
    username = fields.String(required=True)
    role = fields.String(required=True, metadata={"enum": list(ROLES)})
    email = fields.String(
        metadata={"description": "present only when you are an owner of the organisation"}
    )


class OrgSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    your_role = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "your role in the organisation; null when you are not a member "
            "or not signed in",
            "enum": [*ROLES, None],
        },
    )
    members = fields.List(
        fields.Nested(MemberSchema),
        metadata={
            "description": "present only when you are a member of the organisation, by "
            "username; each member's `email` only when you are an owner"
        },
    )


class RoleSchema(Strict):
    role = fields.String(required=True, validate=ROLE)


class MemberCreateSchema(Strict):
    user = fields.String(
        required=True,
        validate=validate.Length(1, lengths.EMAIL.high),
        metadata={
            "description": "the person's username, or the e-mail of their account (either "
            "regardless of case)"
        },
    )
    role = fields.String(required=True, validate=ROLE)
