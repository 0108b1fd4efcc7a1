"""Process hardening, run first thing by the command line and the app (and their workers).

A crash while the vault was open used to write a core file holding the data key, its hex form
and copies of record text. So: no core files (``RLIMIT_CORE`` 0), and on Linux the process is
marked non-dumpable (``PR_SET_DUMPABLE`` 0), which also stops other processes of the same
user from attaching a debugger or reading its memory through ``/proc``. What this does on
macOS (no core files; ``PT_DENY_ATTACH`` is not used, it would also stop crash reports the
researcher may want) and on Windows (no Windows Error Reporting dialog or dump) is written for
those systems but only the Linux part is tested.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import sys
from dataclasses import dataclass, field

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
#: Windows ``SetErrorMode`` flags: no critical-error and no crash dialogs.
SEM_FAILCRITICALERRORS = 0x0001
SEM_NOGPFAULTERRORBOX = 0x0002


@dataclass
class Hardening:
    """What :func:`harden_process` managed to do."""

    core_dumps_off: bool = False
    non_dumpable: bool = False
    problems: list[str] = field(default_factory=list)


def harden_process() -> Hardening:
    """Turn core dumps off and make the process non-dumpable where the system allows it.

    Never raises: a system without one of these still runs fieldkit (what was not done is in
    the result's ``problems``).
    """
    done = Hardening()
    try:
        import resource
    except ImportError:  # Windows
        pass
    else:
        try:
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            done.core_dumps_off = True
        except (OSError, ValueError) as error:
            done.problems.append(f"core dumps: {error}")
    if sys.platform.startswith("linux"):
        _linux_non_dumpable(done)
    elif sys.platform == "win32":  # pragma: no cover - not run by the test suite
        _windows_no_dumps(done)
    return done


def _linux_non_dumpable(done: Hardening) -> None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
            done.problems.append(f"prctl: errno {ctypes.get_errno()}")
            return
        done.non_dumpable = libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0
    except (OSError, AttributeError) as error:
        done.problems.append(f"prctl: {error}")


def _windows_no_dumps(done: Hardening) -> None:  # pragma: no cover - Windows only
    with contextlib.suppress(OSError, AttributeError):
        kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]
        kernel32.SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX)
        done.core_dumps_off = True
    if not getattr(sys, "frozen", False):
        # Excluding python.exe would keep every Python program of this user out of it.
        done.problems.append("Windows Error Reporting: only a packaged fieldkit is excluded")
        return
    with contextlib.suppress(OSError, AttributeError):
        # Keep this program out of Windows Error Reporting (and the dumps it can keep).
        wer = ctypes.WinDLL("wer")  # type: ignore[attr-defined]
        done.non_dumpable = wer.WerAddExcludedApplication(sys.executable, False) == 0
