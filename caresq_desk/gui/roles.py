"""The two kinds of user; the provider role hides purchaser-only questions."""

ROLE_PURCHASER = "inkoper"
ROLE_PROVIDER = "zorgaanbieder"
