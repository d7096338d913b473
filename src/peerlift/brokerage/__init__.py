"""Brokerage: needs, offers, the best pairing for a whole authority, and why (docs/brokerage.md).

The engine (model, templates, weights, candidates, solve, explain, engine) is pure: plain dataclasses
in and out, no Django, no database. ``register`` is the one module that reads the store, for the facts
of the schools the files name (phase, location, context, category).
"""
