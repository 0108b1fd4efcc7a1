"""The command line's counts read as English: one interview, two interviews, no "(s)"."""

from fieldkit.core.plural import counted


def test_one_takes_the_singular_and_every_other_number_the_plural() -> None:
    assert counted(1, "interview") == "1 interview"
    assert counted(0, "interview") == "0 interviews"
    assert counted(2, "interview") == "2 interviews"
    assert counted(1, "cell starts", "cells start") == "1 cell starts"
    assert counted(3, "cell starts", "cells start") == "3 cells start"
