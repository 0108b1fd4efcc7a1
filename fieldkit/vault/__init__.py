"""The encrypted local store: key slots, the SQLCipher database and the repository over it."""

from fieldkit.vault.store import Vault, default_vault_dir, destroy_vault

__all__ = ["Vault", "default_vault_dir", "destroy_vault"]
