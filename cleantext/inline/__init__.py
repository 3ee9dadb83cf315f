"""Inline rules: literal matching (literals), spans they leave alone (protected), what
they know of a document (context), and the phase that applies them all (phase)."""
