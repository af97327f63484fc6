"""Read models, one per question, kept in SQL tables with valid and recorded ranges."""
