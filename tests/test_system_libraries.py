"""Before Qt starts on X11, missing system libraries are named with the one command that
installs them, instead of Qt's "Could not load the Qt platform plugin xcb" and an abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.gui.system_libraries import (
    ALWAYS_NEEDED,
    install_command,
    missing_from_ldd,
    missing_libraries,
    missing_libraries_message,
    missing_message,
    package_manager,
    uses_xcb,
)

# ldd on PySide6's libqxcb.so on a fresh Debian 12 without the xcb utility libraries.
LDD = """\
\tlinux-vdso.so.1 (0x00007ffd3b5f2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f0e1c9a0000)
\tlibxkbcommon.so.0 => /lib/x86_64-linux-gnu/libxkbcommon.so.0 (0x00007f0e1c950000)
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f0e1c900000)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-render-util.so.0 => not found
"""
MISSING = ["libxkbcommon-x11.so.0", "libxcb-cursor.so.0", "libxcb-icccm.so.4",
           "libxcb-render-util.so.0"]
DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'
UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n'
FEDORA = 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=40\n'
ROCKY = 'ID="rocky"\nID_LIKE="rhel centos fedora"\n'
ARCH = 'NAME="Arch Linux"\nID=arch\n'


def test_ldd_output_gives_the_missing_libraries_once():
    assert missing_from_ldd(LDD) == MISSING
    assert missing_from_ldd(LDD.replace("not found", "/lib/x.so (0x1)")) == []


def test_ldd_runs_only_when_the_quick_test_fails():
    asked = []

    def ldd(path: Path) -> str:
        asked.append(path)
        return LDD
    plugin = Path("libqxcb.so")
    assert missing_libraries(plugin, loadable=lambda name: True, ldd=ldd) == []
    assert asked == []
    assert missing_libraries(plugin, loadable=lambda name: name != "libxcb-cursor.so.0",
                             ldd=ldd) == MISSING
    assert asked == [plugin]
    # Without ldd nothing can be said for sure: Qt gets to speak.
    assert missing_libraries(plugin, loadable=lambda name: False, ldd=lambda p: None) == []


@pytest.mark.parametrize(("release", "manager"), [
    (DEBIAN, "apt"), (UBUNTU, "apt"), (FEDORA, "dnf"), (ROCKY, "dnf"), (ARCH, None),
    ("", None)])
def test_the_package_manager_from_os_release(release, manager):
    assert package_manager(release) == manager


def test_one_command_installs_them():
    assert install_command(MISSING, "apt") == (
        "sudo apt-get install libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 "
        "libxcb-render-util0")
    assert install_command(MISSING, "dnf") == (
        "sudo dnf install libxkbcommon-x11 xcb-util-cursor xcb-util-wm xcb-util-renderutil")
    # Several libraries in one package: the package once.
    assert install_command(["libxcb-xkb.so.1", "libxcb-randr.so.0"], "dnf") == (
        "sudo dnf install libxcb")


def test_the_message_names_the_libraries_and_the_command():
    assert missing_message(MISSING, "apt") == (
        "Annotator cannot open its window: Qt needs system libraries that are not installed: "
        "libxkbcommon-x11.so.0, libxcb-cursor.so.0, libxcb-icccm.so.4, "
        "libxcb-render-util.so.0.\n"
        "Install them with:\n\n"
        "    sudo apt-get install libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 "
        "libxcb-render-util0\n\n"
        "Then start Annotator again.")
    unknown_system = missing_message(["libxcb-cursor.so.0"], None)
    assert "    sudo apt-get install libxcb-cursor0\n" in unknown_system
    assert "    sudo dnf install xcb-util-cursor\n" in unknown_system
    odd = missing_message(["libxcb-cursor.so.0", "libodd.so.3"], "dnf")
    assert "    sudo dnf install xcb-util-cursor\n" in odd
    assert "Search your package manager for: libodd.so.3." in odd


@pytest.mark.parametrize(("environ", "platform", "expected"), [
    ({"DISPLAY": ":0"}, "linux", True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb:dpi=96"}, "linux", True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland"}, "linux", False),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({}, "linux", False),  # no X display: Qt would not use xcb
    ({"DISPLAY": ":0"}, "darwin", False),
    ({"DISPLAY": ":0"}, "win32", False)])
def test_the_check_runs_only_where_qt_would_use_xcb(environ, platform, expected):
    assert uses_xcb(environ, platform) is expected


def test_nothing_is_reported_where_qt_has_its_libraries():
    """On this machine the window starts: no library may be reported missing (a library
    Qt 6 no longer needs, such as libxcb-xinerama, must not count)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("X11 only")
    assert missing_libraries_message({"DISPLAY": ":0"}) is None
    assert missing_libraries_message({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}) is None


@pytest.mark.skipif(shutil.which("cc") is None or shutil.which("ldd") is None,
                    reason="needs a C compiler and ldd")
def test_real_ldd_names_a_library_that_is_gone(tmp_path):
    """A real shared object linked to a library that is then deleted, read by the real ldd."""
    (tmp_path / "gone.c").write_text("int gone(void) { return 1; }\n")
    (tmp_path / "plugin.c").write_text("int gone(void);\nint plugin(void) { return gone(); }\n")
    subprocess.run(["cc", "-shared", "-fPIC", "-o", tmp_path / "libgone.so.0",
                    "-Wl,-soname,libgone.so.0", tmp_path / "gone.c"], check=True)
    subprocess.run(["cc", "-shared", "-fPIC", "-o", tmp_path / "libqxcb.so",
                    tmp_path / "plugin.c", tmp_path / "libgone.so.0"], check=True)
    os.remove(tmp_path / "libgone.so.0")
    missing = missing_libraries(tmp_path / "libqxcb.so",
                                loadable=lambda name: name not in ALWAYS_NEEDED[:1])
    assert missing == ["libgone.so.0"]
