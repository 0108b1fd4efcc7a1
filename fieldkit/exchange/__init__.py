"""Keys, cards, signed and encrypted bundles, and receipts between kits and HQ.

Nothing here imports Qt. Primitives come from PyNaCl (Ed25519; X25519 and ChaCha20-Poly1305
where agefile.py reads age files with bounds) and pyrage (writing age files).
"""
