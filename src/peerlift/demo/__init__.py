"""Synthetic data in the real published formats: a demo LA for ten years, or all of England.

Imports only ``peerlift.domain``: the files are read back by the same readers as the real ones.
"""

from peerlift.demo.generator import generate

__all__ = ["generate"]
