"""Marshmallow schemas, named for their direction: `New…` in, plain out, `…Args` query."""
