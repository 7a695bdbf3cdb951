"""The system libraries Qt's X11 (xcb) platform plugin needs, checked before Qt starts.

On a fresh Debian or Ubuntu without `libxcb-cursor0` and friends, creating the
QApplication prints "Could not load the Qt platform plugin xcb" and aborts the process.
Before that happens the window's start asks `missing_libraries_message()`: on Linux, when
the platform would be xcb, it names what is missing and the one command that installs it
(apt-get on Debian and Ubuntu, dnf on Fedora), and the start exits with status 2.

Nothing here imports Qt. The check is cheap when all is well: the libraries the plugin
always needs are opened with dlopen (Qt opens them a moment later anyway); only when one
fails does `ldd` on the plugin (about 40 ms) say exactly what is missing.
"""

from __future__ import annotations

import ctypes
import importlib.util
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

# A library's soname -> its package on Debian/Ubuntu (apt) and on Fedora (dnf).
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
}
# What the plugin of Qt 6 always links: opened first, as the quick test.
ALWAYS_NEEDED = ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-image.so.0",
                 "libxcb-keysyms.so.1", "libxcb-randr.so.0", "libxcb-render-util.so.0",
                 "libxcb-shape.so.0", "libxcb-xkb.so.1", "libxkbcommon-x11.so.0",
                 "libxkbcommon.so.0", "libxcb.so.1")
PLUGIN = Path("Qt", "plugins", "platforms", "libqxcb.so")
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt would start on X11 (xcb): Linux, no other platform asked for in
    QT_QPA_PLATFORM, and a DISPLAY to show the window on."""
    if not platform.startswith("linux") or not environ.get("DISPLAY"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "").strip()
    return not asked or asked.split(";")[0].split(":")[0] == "xcb"


def missing_from_ldd(output: str) -> list[str]:
    """The libraries `ldd` reports as "not found", in its order, each once."""
    return list(dict.fromkeys(_NOT_FOUND.findall(output)))


def missing_libraries(plugin: Path, loadable: Callable[[str], bool] | None = None,
                      ldd: Callable[[Path], str | None] | None = None) -> list[str]:
    """The libraries `plugin` needs and cannot find. `loadable(soname)` is the quick test
    (dlopen), `ldd(path)` the exact one, asked only when the quick one fails; without ldd
    nothing is reported (Qt will say what it says)."""
    loadable = loadable or _loadable
    ldd = ldd or _run_ldd
    if all(loadable(name) for name in ALWAYS_NEEDED):
        return []
    output = ldd(plugin)
    return [] if output is None else missing_from_ldd(output)


def package_manager(os_release: str) -> str | None:
    """"apt" or "dnf" for the system an /etc/os-release describes (by ID and ID_LIKE)."""
    fields = dict(re.findall(r'^(ID|ID_LIKE)="?([^"\n]*)"?\s*$', os_release, re.MULTILINE))
    ids = f"{fields.get('ID', '')} {fields.get('ID_LIKE', '')}".split()
    if any(i in ("debian", "ubuntu") for i in ids):
        return "apt"
    if any(i in ("fedora", "rhel", "centos") for i in ids):
        return "dnf"
    return None


def install_command(missing: Sequence[str], manager: str) -> str:
    """The one command that installs the packages of the missing libraries."""
    column = 0 if manager == "apt" else 1
    packages = dict.fromkeys(PACKAGES[name][column] for name in missing if name in PACKAGES)
    tool = "apt-get" if manager == "apt" else "dnf"
    return f"sudo {tool} install {' '.join(packages)}"


def missing_message(missing: Sequence[str], manager: str | None) -> str:
    """What to tell the user, with the command to run (both when the system is unknown)."""
    first = ("Annotator cannot open its window: Qt needs system libraries that are not "
             f"installed: {', '.join(missing)}.")
    lines = [first]
    unknown = [name for name in missing if name not in PACKAGES]
    if len(unknown) < len(missing):
        if manager is not None:
            lines += ["Install them with:", "", f"    {install_command(missing, manager)}", ""]
        else:
            lines += ["Install them with your package manager; on Debian or Ubuntu:", "",
                      f"    {install_command(missing, 'apt')}", "", "on Fedora:", "",
                      f"    {install_command(missing, 'dnf')}", ""]
    if unknown:
        lines.append(f"Search your package manager for: {', '.join(unknown)}.")
    lines.append("Then start Annotator again.")
    return "\n".join(lines)


def missing_libraries_message(environ: Mapping[str, str]) -> str | None:
    """The message when Qt's xcb plugin would abort for want of system libraries; None
    when the window can start (or when Qt will not use xcb)."""
    if not uses_xcb(environ):
        return None
    spec = importlib.util.find_spec("PySide6")  # found without loading Qt
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(spec.submodule_search_locations[0]) / PLUGIN
    if not plugin.is_file():
        return None
    missing = missing_libraries(plugin)
    return missing_message(missing, package_manager(_os_release())) if missing else None


def _loadable(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def _run_ldd(path: Path) -> str | None:
    import subprocess  # only when something is missing: it costs start-up time otherwise
    try:
        done = subprocess.run(["ldd", str(path)], capture_output=True, text=True, timeout=10,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout


def _os_release() -> str:
    for path in (Path("/etc/os-release"), Path("/usr/lib/os-release")):
        try:
            return path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    return ""
