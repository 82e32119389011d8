"""What the screen can tell us, and the window that fits it.

pygame-ce has no call for a display's usable area (the desktop less its panels), its DPI, or a
window's frame; SDL does, so they are asked of the SDL library pygame itself loaded (through
ctypes, only once the display is initialised). Every question may go unanswered (the dummy
driver, an SDL that is not the one loaded, an old SDL): the answer is then None and the caller
uses its default, so nothing here can stop the window from opening.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import os
from dataclasses import dataclass
from pathlib import Path

import pygame

SDL_INIT_VIDEO = 0x20
WIDEST_ASPECT = 16 / 9
"""The window opens 16:9 or wider: the battlefield is wide, and so is the interface."""
FRAME_GUESS = (32, 2, 2, 2)
"""Top, left, bottom, right px a window manager's frame takes, until the frame can be asked."""
HEADLESS_DRIVERS = frozenset({"dummy", "offscreen"})
MINIMUM_SIZE = (1024, 600)
"""The smallest window the layout is made for (a netbook); smaller screens get their own size."""


class _Rect(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("w", ctypes.c_int), ("h", ctypes.c_int)]


def _sdl() -> ctypes.CDLL | None:
    """The SDL library pygame loaded, or None if it cannot be found or is another copy."""
    folder = Path(pygame.__file__).resolve().parent
    candidates = sorted((folder.parent / "pygame_ce.libs").glob("libSDL2-*.so*"))
    candidates += sorted(folder.glob("SDL2*.dll")) + sorted(folder.glob("libSDL2*.dylib"))
    name = ctypes.util.find_library("SDL2")
    paths = [str(p) for p in candidates] + ([name] if name else [])
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            if lib.SDL_WasInit(SDL_INIT_VIDEO) & SDL_INIT_VIDEO:
                return lib  # the copy whose video pygame initialised
        except (OSError, AttributeError):
            continue
    return None


@dataclass(frozen=True)
class Screen:
    """The display a window opens on: its usable area (x, y, w, h) and, if known, its density."""

    usable: tuple[int, int, int, int]
    px_per_mm: float | None


def headless() -> bool:
    return pygame.display.get_driver() in HEADLESS_DRIVERS


def screen(index: int = 0) -> Screen | None:
    """The usable area and pixel density of display `index`; None without a real display."""
    if headless():
        return None
    lib = _sdl()
    if lib is not None:
        r = _Rect()
        if lib.SDL_GetDisplayUsableBounds(index, ctypes.byref(r)) == 0 and r.w > 0 and r.h > 0:
            return Screen((r.x, r.y, r.w, r.h), _px_per_mm(lib, index))
    sizes = pygame.display.get_desktop_sizes()
    if not sizes:
        return None
    w, h = sizes[min(index, len(sizes) - 1)]
    return Screen((0, 0, w, h), None)


def _px_per_mm(lib: ctypes.CDLL, index: int) -> float | None:
    d, hd, vd = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    try:
        ok = lib.SDL_GetDisplayDPI(index, ctypes.byref(d), ctypes.byref(hd), ctypes.byref(vd)) == 0
    except AttributeError:
        return None
    dpi = hd.value if ok else 0.0
    if not ok and pygame.display.get_driver() == "x11":
        dpi = _x11_dpi()  # SDL asks RandR for the monitor; the core protocol may still know
    return dpi / 25.4 if _plausible(dpi) else None


def _plausible(dpi: float) -> bool:
    """A screen with no monitor data can report nonsense; trust only a figure a screen has."""
    return 50 <= dpi <= 600


def _x11_dpi() -> float:
    """The X server's own figure (what `xdpyinfo` prints): the screen's width over its mm."""
    name = ctypes.util.find_library("X11")
    if not name:
        return 0.0
    try:
        x11 = ctypes.CDLL(name)
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        dpy = x11.XOpenDisplay(None)
        if not dpy:
            return 0.0
        try:
            handle = ctypes.c_void_p(dpy)
            scr = x11.XDefaultScreen(handle)
            px, mm = x11.XDisplayWidth(handle, scr), x11.XDisplayWidthMM(handle, scr)
        finally:
            x11.XCloseDisplay(ctypes.c_void_p(dpy))
    except (OSError, AttributeError):
        return 0.0
    return px / mm * 25.4 if mm > 0 else 0.0


def window_frame() -> tuple[int, int, int, int] | None:
    """Top, left, bottom, right px of the open window's frame, if the window manager says."""
    lib = _sdl()
    if lib is None:
        return None
    try:
        lib.SDL_GetWindowFromID.restype = ctypes.c_void_p
        window = lib.SDL_GetWindowFromID(ctypes.c_uint32(_window_id()))
        if not window:
            return None
        t, left, b, right = (ctypes.c_int() for _ in range(4))
        args = (ctypes.c_void_p(window), *(ctypes.byref(v) for v in (t, left, b, right)))
        if lib.SDL_GetWindowBordersSize(*args) != 0:
            return None
    except AttributeError:
        return None
    return (t.value, left.value, b.value, right.value)


def _window_id() -> int:
    window = display_window()
    return 0 if window is None else int(window.id)


def display_window() -> pygame.Window | None:
    """The display module's window (pygame-ce 2.5 offers no other handle on it)."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return pygame.Window.from_display_module()
    except (pygame.error, AttributeError):
        return None


def fit_window(
    usable: tuple[int, int, int, int],
    frame: tuple[int, int, int, int] = FRAME_GUESS,
    wanted: tuple[int, int] | None = None,
) -> tuple[tuple[int, int], tuple[int, int]]:
    """The window's client size and position: the largest 16:9-or-wider window whose frame fits
    the usable area (or `wanted`, shrunk to fit), centred in it. Never off-screen."""
    ux, uy, uw, uh = usable
    top, left, bottom, right = frame
    room_w, room_h = max(uw - left - right, 1), max(uh - top - bottom, 1)
    if wanted is None:
        w, h = room_w, min(room_h, math.floor(room_w / WIDEST_ASPECT))
    else:
        k = min(1.0, room_w / wanted[0], room_h / wanted[1])
        w, h = max(1, math.floor(wanted[0] * k)), max(1, math.floor(wanted[1] * k))
    x = ux + left + (room_w - w) // 2
    y = uy + top + (room_h - h) // 2
    return (w, h), (x, y)


def minimum_size(usable: tuple[int, int, int, int] | None) -> tuple[int, int]:
    """The smallest the window may be made: 1024x600, or less on a screen smaller than that."""
    if usable is None:
        return MINIMUM_SIZE
    return (min(MINIMUM_SIZE[0], usable[2]), min(MINIMUM_SIZE[1], usable[3]))


DEFAULT_SIZE = (1920, 1080)
"""A window or canvas with no screen to fit (headless) is this size unless told otherwise."""


def open_display(size: tuple[int, int] | None, fullscreen: bool) -> pygame.Surface:
    """The one `set_mode` of the run (a second, with SCALED, is known to crash).

    A window is resizable, with no fixed canvas: the layout reflows to whatever size it is
    given. It opens as the largest 16:9-or-wider window the screen's usable area holds (or at
    `size`, shrunk to fit), centred, never off-screen, and may be made as small as 1024x600.
    Fullscreen (the kiosk) is the screen's own size, any aspect, scaled 1:1 (SCALED keeps
    fullscreen reliable across drivers), or `size` if given."""
    shown = screen()
    if fullscreen:
        if size is None:
            size = DEFAULT_SIZE if shown is None else pygame.display.get_desktop_sizes()[0]
        return pygame.display.set_mode(size, pygame.SCALED | pygame.FULLSCREEN)
    if shown is None:
        return pygame.display.set_mode(size or DEFAULT_SIZE, pygame.RESIZABLE)
    (w, h), (x, y) = fit_window(shown.usable, FRAME_GUESS, size)
    os.environ["SDL_VIDEO_WINDOW_POS"] = f"{x},{y}"
    surface = pygame.display.set_mode((w, h), pygame.RESIZABLE)
    window = display_window()
    if window is not None:
        window.minimum_size = minimum_size(shown.usable)
    return surface


def refit_window(wanted: tuple[int, int] | None) -> bool:
    """Once the window manager has framed the window: if window and frame overrun the usable
    area, shrink and re-centre it. True if it moved or changed size."""
    shown, frame, window = screen(), window_frame(), display_window()
    if shown is None or frame is None or window is None:
        return False
    (w, h), (x, y) = fit_window(shown.usable, frame, wanted or tuple(window.size))
    if wanted is None:
        (w, h), (x, y) = fit_window(shown.usable, frame)
    if (w, h) == tuple(window.size) and (x, y) == tuple(window.position):
        return False
    window.size = (w, h)
    window.position = (x, y)
    return True
