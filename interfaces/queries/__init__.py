"""Reads by concept: ids and an as-of in, frozen answers out, for HTTP views to dump."""
