"""The event store's recorders: each save's end, with the database's time, in its own
transaction (one subclass of the library's recorder per kind of store)."""
