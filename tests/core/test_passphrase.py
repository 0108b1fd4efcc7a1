from fieldkit.core.passphrase import strength


def test_weak_passphrases_are_refused_with_advice() -> None:
    for weak in ("", "password123", "qwertyuiop", "Tokmok2020"):
        verdict = strength(weak)
        assert not verdict.acceptable
        assert verdict.warning or verdict.suggestions


def test_several_unrelated_words_are_accepted() -> None:
    verdict = strength("correct horse battery staple 42")
    assert verdict.acceptable and verdict.score == 4
