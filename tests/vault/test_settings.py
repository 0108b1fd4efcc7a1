"""The registry of vault setting keys: stored keys never change, defaults come from it."""

from __future__ import annotations

from fieldkit.vault import settings
from fieldkit.vault.store import Vault


def test_stored_key_strings_stay_what_existing_vaults_hold() -> None:
    assert {s.key for s in settings.ALL} == {
        "organisation",
        "recent_searches",
        "idle_lock_minutes",
        "forget_pending",
        "role",
        "identity.kit",
        "identity.hq",
        "last_backup",
        "backup_reminder",
        "rekey_statement",
        "restored_at",
        "exchange.epoch",
    }
    assert all(s.meaning.strip() for s in settings.ALL)
    assert settings.identity("kit") is settings.KIT_IDENTITY
    assert settings.identity("hq") is settings.HQ_IDENTITY


def test_a_setting_and_its_key_string_are_the_same_entry(vault: Vault) -> None:
    assert vault.get_setting(settings.ORGANISATION) == "ADC Memorial"
    assert vault.get_setting(settings.RECENT_SEARCHES) == ()  # the registry's default
    assert vault.get_setting("recent_searches") is None  # a bare key has no default
    assert vault.get_setting(settings.RECENT_SEARCHES, ["x"]) == ["x"]
    vault.set_setting(settings.RECENT_SEARCHES, ["Masanchi"])
    assert vault.get_setting("recent_searches") == ["Masanchi"]
    assert vault.read("SELECT key FROM settings WHERE key = 'recent_searches'") == [
        ("recent_searches",)
    ]
    vault.set_setting("idle_lock_minutes", 7)
    assert vault.get_setting(settings.IDLE_LOCK_MINUTES) == 7
