"""Tests, mirroring the layers."""
