"""Readers for the published files: bytes in, validated typed frames out.

Each reader module exposes one or more ``Reader`` objects (see ``base.py``); ``registry.py`` lists them
and recognises a file's kind from its name and header.
"""
