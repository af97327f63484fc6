"""Test helpers: a network that can be cut, writes that go on in the background."""
