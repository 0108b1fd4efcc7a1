"""Keys, cards, signed and encrypted bundles, and receipts between kits and HQ.

Nothing here imports Qt. Primitives come from PyNaCl (Ed25519) and pyrage (age).
"""
