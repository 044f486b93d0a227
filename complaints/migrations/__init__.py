"""Versioned schema migrations: modules named `mNNNN_title.py`, each with `upgrade(db)`.

Numbers only grow; a released migration is never edited, a new one is added instead.
"""
