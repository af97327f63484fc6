"""Registers beside the projections that nothing in the store can rebuild: the personal-data
register and the answers kept for `Idempotency-Key` requests."""
