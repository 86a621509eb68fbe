"""Accounts: users, API tokens, passwords and browser sessions."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...domain import lengths, names
from .base import Strict, length, name_field


class UserCreateSchema(Strict):
    username = name_field(names.USERNAME, required=True)
    email = fields.String(required=True, validate=length(lengths.EMAIL))
    password = fields.String(required=True, load_only=True, validate=length(lengths.PASSWORD))


class UserSchema(Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)


class MembershipOrgSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True)


class MeSchema(UserSchema):
    email = fields.String(required=True)
    orgs = fields.List(fields.Nested(MembershipOrgSchema), required=True)


class TokenCreateSchema(Strict):
    name = fields.String(
        validate=length(lengths.TOKEN_NAME), metadata={"description": "what the token is for"}
    )
    expires_in_days = fields.Integer(
        validate=validate.Range(1, 36500),
        metadata={"description": "default TOC_TOKEN_DAYS (90); at most TOC_TOKEN_MAX_DAYS (365)"},
    )


class TokenInfoSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    expires_at = fields.DateTime(allow_none=True, required=True)
    last_used_at = fields.DateTime(
        allow_none=True,
        required=True,
        metadata={"description": "updated at most about once a minute"},
    )


class TokenSchema(TokenInfoSchema):
    token = fields.String(required=True, metadata={"description": "the secret: shown only now"})


class PasswordChangeSchema(Strict):
    current_password = fields.String(required=True, load_only=True)
    new_password = fields.String(required=True, load_only=True)


class SessionCreateSchema(Strict):
    username = fields.String(required=True)
    password = fields.String(required=True, load_only=True)


class SessionSchema(Schema):
    user = fields.Nested(UserSchema, required=True)
    csrf_token = fields.String(required=True)
