"""Draw the soldiers' template sprite sheets into assets/sprites/ (deterministic, no external art).

Run from the repository root:  python tools/make_sprites.py [--out assets/sprites]

What it makes
-------------
One PNG per soldier kind (infantry, archer, light_infantry, cavalry, horse_archer, light_cavalry,
commander) plus ``fallen.png`` (the dead, drawn under the living), and ``sheets.yaml``, the
manifest the view reads (``game/view/sprites.py``).

* Rows are the 8 facings: east, south-east, south, south-west, west, north-west, north,
  north-east (world y points south, so the angle grows clockwise on screen).
* Columns are LOOKS looks of the kind (horse coat, how arms and weapons are held), each as 4
  gait frames (stride phase 0, 1/4, 1/2, 3/4), its frame 0 a standing pose.
  ``fallen.png`` has 2 columns: a fallen man, a fallen horse with its rider.
* 16 px per metre: a horse is ~3 m (~48 px) long, a man ~0.6 m (~10 px) across the shoulders.
* View: top-down and slightly oblique. A metre of height rises ``Z_RISE`` metres up the screen,
  so horses show their legs and riders sit above their mounts; every figure stands on its own
  soft ground shadow. The sprite's anchor (in the manifest) is the soldier's ground position.

Colour scheme (the view tints per contingent)
---------------------------------------------
* pure red shades ``(r, 0, 0)``, r > 0: the contingent's PRIMARY colour (cloaks, shields,
  saddle cloths), with shade = r / 200 (200 is the palette colour itself, 255 a highlight);
* pure green shades ``(0, g, 0)``, g > 0: the SECONDARY colour (trim, shield rims, plumes,
  pennons, the commander's banner), shade = g / 200;
* anything else is literal (skin, horse coats, steel, wood, leather, outline, shadow). The
  script guarantees no literal pixel ever has two zero channels with the third non-zero.

How it draws
------------
Each figure is a list of 3-D primitives (balls, sticks, flat polygons) in the soldier's own frame
(u forward, v to his right, z up, metres). For each facing and frame they are rotated, projected,
sorted back to front and drawn with pygame.draw at 4x supersampling. The supersampled image is
reduced per output pixel by taking the dominant colour class (mask primary, mask secondary,
literal) and averaging only that class, with coverage as alpha: smooth edges, pure masks. A
one-pixel dark outline around each figure keeps it legible over any terrain.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame

PX_PER_M = 16  # base resolution of the sheets; the view scales down from here
SS = 4  # supersampling factor while drawing
Z_RISE = 0.7  # screen metres up per metre of height: "slightly oblique" (camera ~45 deg)
Y_SQUASH = 0.85  # foreshortening of the ground plane inside a sprite
DEPTH_Y = 0.6  # painter's order: depth = z + DEPTH_Y * (southward y); bigger is drawn later
FACING_NAMES = (
    "east",
    "south_east",
    "south",
    "south_west",
    "west",
    "north_west",
    "north",
    "north_east",
)
FRAMES = 4
LOOKS = 2  # looks per kind (horse coat, how the arms are held); each has FRAMES gait frames
CANVAS = 176  # working canvas per frame in output px (cropped afterwards)
ANCHOR = (88, 112)  # ground point of the figure on the working canvas
OUTLINE = (30, 24, 20)
OUTLINE_ALPHA = 0.85
SHADOW_ALPHA = 0.34
LIGHT = (-0.35, -0.55)  # screen direction the light comes from (up-left): ball highlights

Colour = tuple[int, int, int]


# -- colours ---------------------------------------------------------------------------------
def prim(shade: float) -> Colour:
    """A shade of the contingent's primary colour (mask red)."""
    return (max(1, min(255, round(200 * shade))), 0, 0)


def sec(shade: float) -> Colour:
    """A shade of the contingent's secondary colour (mask green)."""
    return (0, max(1, min(255, round(200 * shade))), 0)


def is_mask(c: Colour) -> bool:
    return (c[0] > 0 and c[1] == 0 and c[2] == 0) or (c[1] > 0 and c[0] == 0 and c[2] == 0)


def shade(c: Colour, k: float) -> Colour:
    """Darken or lighten a colour; mask colours stay pure, literal ones stay literal."""
    if is_mask(c):
        return tuple(min(255, max(1, round(v * k))) if v else 0 for v in c)  # type: ignore[return-value]
    return tuple(min(255, max(2, round(v * k))) for v in c)  # type: ignore[return-value]


SKIN = (196, 146, 106)
SKIN_DARK = (160, 112, 78)
HAIR = (58, 42, 30)
STEEL = (168, 174, 184)
STEEL_DARK = (104, 110, 122)
BRONZE = (186, 148, 72)
WOOD = (122, 88, 52)
WOOD_DARK = (84, 60, 36)
LEATHER = (104, 70, 42)
TROUSERS = (86, 72, 58)
BOOT = (52, 40, 30)
LINEN = (214, 204, 180)
STRING = (230, 222, 200)
BAY = (128, 78, 44)
BAY_DARK = (70, 42, 26)
CHESTNUT = (150, 96, 54)
DUN = (186, 162, 118)
DUN_DARK = (120, 100, 70)
GREY_HORSE = (222, 218, 208)
GREY_HORSE_DARK = (150, 146, 140)
HOOF = (40, 32, 26)
BLOOD = (92, 30, 24)  # literal dark red: has G and B, so it is not a mask colour

# -- primitives ---------------------------------------------------------------------------------
# ("ball", centre, radius, colour, bias)             a shaded sphere
# ("stick", a, b, width, colour, bias)               a round-capped rod
# ("poly", [points], colour, bias)                   a flat polygon
# ("shadow", [ground points])                        a ground shadow (separate layer)
Prim = tuple
Vec = tuple[float, float, float]


def ball(c: Vec, r: float, col: Colour, bias: float = 0.0) -> Prim:
    return ("ball", c, r, col, bias)


def stick(a: Vec, b: Vec, w: float, col: Colour, bias: float = 0.0) -> Prim:
    return ("stick", a, b, w, col, bias)


def poly(pts: list[Vec], col: Colour, bias: float = 0.0) -> Prim:
    return ("poly", pts, col, bias)


def ellipse_pts(c: Vec, ax1: Vec, ax2: Vec, n: int = 20) -> list[Vec]:
    """Points of an ellipse in 3-D: centre + cos t * ax1 + sin t * ax2."""
    out = []
    for i in range(n):
        t = 2 * math.pi * i / n
        ct, st = math.cos(t), math.sin(t)
        out.append(tuple(c[j] + ct * ax1[j] + st * ax2[j] for j in range(3)))
    return out  # type: ignore[return-value]


def disc(c: Vec, r: float, normal: Vec, col: Colour, bias: float = 0.0, n: int = 20) -> Prim:
    """A flat round disc (a shield) of radius r facing `normal`."""
    nx, ny, nz = normal
    ln = math.sqrt(nx * nx + ny * ny + nz * nz)
    nx, ny, nz = nx / ln, ny / ln, nz / ln
    # two axes perpendicular to the normal
    ref = (0.0, 0.0, 1.0) if abs(nz) < 0.9 else (1.0, 0.0, 0.0)
    a1 = (ny * ref[2] - nz * ref[1], nz * ref[0] - nx * ref[2], nx * ref[1] - ny * ref[0])
    la = math.sqrt(sum(v * v for v in a1))
    a1 = tuple(v / la * r for v in a1)
    a2 = (ny * a1[2] - nz * a1[1], nz * a1[0] - nx * a1[2], nx * a1[1] - ny * a1[0])
    la = math.sqrt(sum(v * v for v in a2))
    a2 = tuple(v / la * r for v in a2)
    return poly(ellipse_pts(c, a1, a2, n), col, bias)  # type: ignore[arg-type]


def shadow_ellipse(cu: float, cv: float, ru: float, rv: float) -> Prim:
    return ("shadow", ellipse_pts((cu, cv, 0.0), (ru, 0.0, 0.0), (0.0, rv, 0.0), 24))


def add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


# -- figures ---------------------------------------------------------------------------------
def stride_of(frame: int) -> float:
    """Gait: 0 standing, 1 left foot forward, 2 passing, 3 right foot forward."""
    return (0.0, 1.0, 0.0, -1.0)[frame % FRAMES]


def look(frame: int) -> int:
    """Which of the LOOKS a column draws: each look has its FRAMES gait frames."""
    return frame // FRAMES


def step(frame: int) -> int:
    """The gait frame of a column, whatever its look."""
    return frame % FRAMES


def man_on_foot(
    frame: int, *, helmet: Colour | None, plume: bool, torso: Colour, cloak: bool
) -> list[Prim]:
    """Legs, body and head of a man on foot (arms and gear are added by the kind)."""
    s = stride_of(frame)
    bob = 0.03 if step(frame) in (1, 3) else 0.0
    hip = 0.88 - bob
    out: list[Prim] = [shadow_ellipse(0.0, 0.0, 0.34, 0.3)]
    for side, sgn in ((-1, 1.0), (1, -1.0)):  # left leg (v<0) goes forward on s>0
        foot = (0.24 * s * sgn, 0.12 * side, 0.06)
        out.append(stick((0.0, 0.1 * side, hip), foot, 0.13, TROUSERS))
        out.append(ball(add(foot, (0.04, 0, 0)), 0.07, BOOT, 0.02))
    z = 1.32 - bob
    skirt = prim(0.85) if torso[1] or torso[2] else shade(torso, 0.9)  # a tunic to the knee
    out += [
        ball((0.0, 0.0, hip + 0.02), 0.17, skirt),
        ball((0.0, 0.0, hip - 0.14), 0.15, shade(skirt, 0.85)),
        ball((0.0, -0.16, z + 0.03), 0.13, torso),
        ball((0.0, 0.16, z + 0.03), 0.13, torso),
        ball((0.0, 0.0, z), 0.2, torso, 0.01),
    ]
    if cloak:
        out.append(ball((-0.1, 0.0, z + 0.04), 0.2, prim(0.8), 0.02))
        out.append(stick((-0.1, -0.17, z + 0.08), (-0.1, 0.17, z + 0.08), 0.12, prim(0.95), 0.03))
    head = (0.03, 0.0, 1.66 - bob)
    out.append(ball(head, 0.12, SKIN, 0.05))
    if helmet is not None:
        out.append(ball(add(head, (-0.03, 0.0, 0.04)), 0.115, helmet, 0.08))
        if plume:
            out.append(
                stick(add(head, (0.06, 0, 0.14)), add(head, (-0.14, 0, 0.14)), 0.07, sec(1.1), 0.12)
            )
    else:
        out.append(ball(add(head, (-0.04, 0.0, 0.03)), 0.105, HAIR, 0.07))
    return out


def arm(shoulder: Vec, hand: Vec, col: Colour) -> list[Prim]:
    return [stick(shoulder, hand, 0.09, col, 0.02), ball(hand, 0.055, SKIN, 0.03)]


def infantry(frame: int) -> list[Prim]:
    """Heavy foot: mail, helmet with crest, big round shield (primary, secondary rim), spear."""
    out = man_on_foot(frame, helmet=STEEL, plume=True, torso=STEEL_DARK, cloak=True)
    sw = 0.05 * stride_of(frame)
    # shield on the left arm, facing forward-left and a little up
    sc = (0.3, -0.22, 1.08)
    out.append(disc(sc, 0.44, (0.9, -0.35, 0.25), sec(0.9), 0.3))
    out.append(disc(add(sc, (0.012, -0.004, 0.004)), 0.37, (0.9, -0.35, 0.25), prim(1.0), 0.31))
    out.append(disc(add(sc, (0.02, -0.006, 0.006)), 0.09, (0.9, -0.35, 0.25), sec(1.2), 0.32))
    # spear in the right hand, point up and forward
    hand = (0.2 + sw, 0.24, 1.12)
    out += arm((0.0, 0.2, 1.35), hand, STEEL_DARK)
    d = ((0.55, 0.0, 0.42), (0.3, 0.04, 0.62))[look(frame)]  # couched, or at the slope
    butt = (hand[0] - 1.1 * d[0], hand[1], hand[2] - 1.1 * d[1] - 1.1 * d[2])
    tip = add(hand, (2.0 * d[0], 0.0, 2.0 * d[2]))
    out.append(stick(butt, tip, 0.045, WOOD, 0.15))
    out.append(stick(tip, add(tip, (0.2, 0.0, 0.15)), 0.07, STEEL, 0.16))
    return out


def bow(hand: Vec, span: float, across: float, col: Colour = WOOD_DARK) -> list[Prim]:
    """A recurved bow held at `hand`, its limbs spread along v, bellied forward."""
    pts = []
    for i in range(9):
        t = (i / 8.0) * 2 - 1  # -1..1
        u = hand[0] + 0.14 * (1 - t * t) - 0.05 * abs(t) ** 3
        pts.append((u, hand[1] + across * t, hand[2] + span * t))
    out = [stick(pts[i], pts[i + 1], 0.05, col, 0.2) for i in range(8)]
    out.append(stick(pts[0], (hand[0] - 0.02, hand[1], hand[2]), 0.02, STRING, 0.19))
    out.append(stick(pts[-1], (hand[0] - 0.02, hand[1], hand[2]), 0.02, STRING, 0.19))
    return out


def archer(frame: int) -> list[Prim]:
    """Foot archer: quilted coat, cap in the secondary colour, bow forward, quiver on the back."""
    out = man_on_foot(frame, helmet=sec(0.8), plume=False, torso=prim(0.85), cloak=False)
    out.append(stick((-0.2, 0.1, 1.05), (-0.22, -0.05, 1.6), 0.13, LEATHER, 0.02))
    out.append(stick((-0.22, -0.05, 1.6), (-0.22, -0.1, 1.7), 0.08, LINEN, 0.03))
    hand = ((0.45, -0.12, 1.36), (0.36, -0.18, 1.2))[look(frame)]  # drawn, or lowered
    out += arm((0.0, -0.2, 1.36), hand, prim(0.75))
    out += bow(hand, 0.2, 0.38)
    out += arm((0.0, 0.2, 1.36), (0.12, 0.02, 1.42), prim(0.75))
    return out


def light_infantry(frame: int) -> list[Prim]:
    """Raw light foot: tunic, no armour, small round shield, a bundle of javelins."""
    out = man_on_foot(frame, helmet=None, plume=False, torso=prim(0.9), cloak=False)
    sc = (0.24, -0.24, 1.05)
    out.append(disc(sc, 0.27, (0.9, -0.4, 0.3), sec(0.9), 0.3))
    out.append(disc(add(sc, (0.01, -0.004, 0.004)), 0.21, (0.9, -0.4, 0.3), prim(1.05), 0.31))
    sw = 0.05 * stride_of(frame)
    hand = (0.12 + sw, 0.26, 1.1)
    out += arm((0.0, 0.2, 1.33), hand, SKIN_DARK)
    for k, dv in enumerate((-0.06, 0.06)):
        a = (hand[0] - 0.45, hand[1] + dv * 0.5, hand[2] - 0.3)
        lift = (0.45, 0.75)[look(frame)]  # held forward, or shouldered
        b = (hand[0] + 0.7 + 0.08 * k - 0.25 * look(frame), hand[1] + dv * 2.0, hand[2] + lift)
        out.append(stick(a, b, 0.035, WOOD, 0.15))
        out.append(stick(b, add(b, (0.1, 0.0, 0.06)), 0.05, STEEL, 0.16))
    return out


# -- horses and riders ----------------------------------------------------------------------
def horse(
    frame: int,
    *,
    coat: Colour,
    dark: Colour,
    size: float = 1.0,
    cloth: bool = False,
    barding: bool = False,
) -> list[Prim]:
    """A horse walking east. `cloth` puts a saddle cloth in the primary colour on its back."""
    k = size
    s = stride_of(frame)
    out: list[Prim] = [shadow_ellipse(-0.05 * k, 0.0, 1.5 * k, 0.5 * k)]
    # legs: diagonal pairs move together (trot)
    for lu, lv, sgn in ((0.58, -0.17, 1), (0.58, 0.17, -1), (-0.62, -0.17, -1), (-0.62, 0.17, 1)):
        reach = 0.3 * s * sgn
        top = (lu * k, lv * k, 1.05 * k)
        knee = ((lu + 0.5 * reach + 0.03) * k, lv * k, 0.55 * k)
        hoof = ((lu + reach) * k, lv * k, 0.06)
        out.append(stick(top, knee, 0.15 * k, shade(coat, 0.8)))
        out.append(stick(knee, hoof, 0.1 * k, dark))
        out.append(ball(hoof, 0.07 * k, HOOF, 0.01))
    # body: a chain of balls
    body = prim(0.7) if barding else coat
    for u, r in ((-0.72, 0.32), (-0.38, 0.36), (0.0, 0.37), (0.36, 0.35), (0.6, 0.3)):
        out.append(ball((u * k, 0.0, 1.3 * k), r * k, body))
    # neck and head; the second look carries its head low, turned a little
    lift = 0.03 * abs(s) - 0.11 * look(frame)
    turn = 0.06 * look(frame)
    out.append(ball((0.86 * k, 0.0, (1.55 + lift) * k), 0.2 * k, coat, 0.02))
    out.append(ball((1.04 * k, turn * k, (1.75 + lift) * k), 0.16 * k, coat, 0.04))
    out.append(
        stick(
            (1.08 * k, turn * k, (1.78 + lift) * k),
            (1.42 * k, 2 * turn * k, (1.52 + lift) * k),
            0.17 * k,
            coat,
            0.06,
        )
    )
    out.append(ball((1.44 * k, 2 * turn * k, (1.5 + lift) * k), 0.1 * k, shade(coat, 0.7), 0.07))
    for ev in (-0.06, 0.06):  # ears
        out.append(
            stick(
                (1.02 * k, (ev + turn) * k, (1.9 + lift) * k),
                (0.98 * k, (ev * 1.3 + turn) * k, (2.02 + lift) * k),
                0.05 * k,
                dark,
                0.08,
            )
        )
    # mane along the top of the neck
    out.append(stick((0.62 * k, 0.0, 1.62 * k), (1.02 * k, 0.0, 1.94 * k), 0.1 * k, dark, 0.05))
    # tail, swishing
    swish = (0.0, 0.12, 0.0, -0.12)[step(frame)]
    out.append(
        stick((-1.0 * k, 0.0, 1.38 * k), (-1.22 * k, swish * k, 1.05 * k), 0.14 * k, dark, 0.0)
    )
    out.append(
        stick(
            (-1.22 * k, swish * k, 1.05 * k),
            (-1.3 * k, swish * 1.6 * k, 0.7 * k),
            0.1 * k,
            dark,
            -0.02,
        )
    )
    if cloth:
        c = (-0.22 * k, 0.0, 1.67 * k)
        out.append(poly(ellipse_pts(c, (0.44 * k, 0, 0), (0, 0.33 * k, -0.1), 20), sec(0.85), 0.05))
        out.append(
            poly(
                ellipse_pts(add(c, (0, 0, 0.005)), (0.38 * k, 0, 0), (0, 0.28 * k, -0.09), 20),
                prim(0.72),
                0.06,
            )
        )
    return out


def rider(
    frame: int, *, k: float, torso: Colour, helmet: Colour | None, plume: bool, cloak: bool
) -> list[Prim]:
    """A rider seated on a horse of size k (the horse's back is at ~1.66 k)."""
    seat = 1.7 * k
    bob = 0.03 * abs(stride_of(frame))
    z = seat + 0.42 + bob
    out: list[Prim] = []
    for side in (-1, 1):
        out.append(
            stick(
                (-0.1, 0.14 * side, seat + 0.05),
                (0.12, 0.36 * side * k, seat - 0.45),
                0.13,
                TROUSERS,
                0.3,
            )
        )
        out.append(ball((0.14, 0.37 * side * k, seat - 0.52), 0.07, BOOT, 0.31))
    out += [
        ball((-0.12, -0.16, z + 0.02), 0.13, torso, 0.4),
        ball((-0.12, 0.16, z + 0.02), 0.13, torso, 0.4),
        ball((-0.12, 0.0, z), 0.2, torso, 0.41),
    ]
    if cloak:
        flap = (0.0, 0.04, 0.0, -0.04)[step(frame)]
        out.append(ball((-0.3, flap, z - 0.05), 0.22, prim(0.8), 0.42))
        out.append(ball((-0.45, flap * 2, z - 0.2), 0.18, prim(0.7), 0.38))
        out.append(stick((-0.22, -0.18, z + 0.06), (-0.22, 0.18, z + 0.06), 0.12, prim(1.0), 0.43))
    head = (-0.09, 0.0, z + 0.34)
    out.append(ball(head, 0.12, SKIN, 0.45))
    if helmet is not None:
        out.append(ball(add(head, (-0.03, 0.0, 0.045)), 0.118, helmet, 0.48))
        if plume:
            out.append(
                stick(add(head, (0.06, 0, 0.15)), add(head, (-0.16, 0, 0.15)), 0.075, sec(1.1), 0.5)
            )
    else:
        out.append(ball(add(head, (-0.04, 0.0, 0.04)), 0.112, sec(0.95), 0.47))  # head cloth
        out.append(
            stick(add(head, (-0.1, 0, 0.0)), add(head, (-0.3, 0.05, -0.15)), 0.07, sec(0.8), 0.44)
        )
    return out


def cavalry(frame: int) -> list[Prim]:
    """Armoured horseman: bay horse with saddle cloth, mailed rider, cloak, lance with pennon."""
    coat, dark = ((BAY, BAY_DARK), (CHESTNUT, BAY_DARK))[look(frame)]
    out = horse(frame, coat=coat, dark=dark, cloth=True)
    out += rider(frame, k=1.0, torso=STEEL_DARK, helmet=STEEL, plume=False, cloak=True)
    hand = (0.08, 0.3, 2.05)
    out += arm((-0.1, 0.2, 2.25), hand, STEEL_DARK)
    d = ((0.62, 0.0, 0.55), (0.8, 0.02, 0.3))[look(frame)]  # lance up, or lowered
    butt = (hand[0] - 1.2 * d[0], hand[1], hand[2] - 1.2 * d[2])
    tip = add(hand, (2.2 * d[0], 0.0, 2.2 * d[2]))
    out.append(stick(butt, tip, 0.05, WOOD, 0.6))
    out.append(stick(tip, add(tip, (0.18, 0.0, 0.16)), 0.07, STEEL, 0.61))
    wave = (0.0, 0.05, 0.0, -0.05)[step(frame)]
    p0 = add(tip, (-0.1, 0.0, -0.09))
    p1 = add(tip, (-0.38, 0.0, -0.34))
    out.append(
        poly(
            [p0, p1, add(p1, (-0.3, 0.05 + wave, -0.05)), add(p0, (-0.32, wave, 0.02))],
            sec(1.05),
            0.62,
        )
    )
    out += arm((-0.1, -0.2, 2.25), (0.2, -0.12, 2.05), STEEL_DARK)
    return out


def horse_archer(frame: int) -> list[Prim]:
    """Armoured horse archer: chestnut horse, saddle cloth, rider with bow and quiver."""
    coat = (CHESTNUT, BAY)[look(frame)]
    out = horse(frame, coat=coat, dark=BAY_DARK, cloth=True)
    out += rider(frame, k=1.0, torso=STEEL_DARK, helmet=STEEL, plume=True, cloak=True)
    out.append(stick((-0.5, 0.3, 1.55), (-0.2, 0.42, 1.95), 0.14, LEATHER, 0.35))  # quiver
    out.append(stick((-0.2, 0.42, 1.95), (-0.16, 0.44, 2.05), 0.09, LINEN, 0.36))
    hand = ((0.38, -0.22, 2.22), (0.3, -0.28, 2.02))[look(frame)]  # bow up, or at rest
    out += arm((-0.1, -0.2, 2.25), hand, STEEL_DARK)
    out += [
        (p[0], p[1], p[2], p[3], p[4], p[5] + 0.5) if p[0] == "stick" else p
        for p in bow(hand, 0.24, 0.4)
    ]
    out += arm((-0.1, 0.2, 2.25), (0.1, 0.0, 2.3), STEEL_DARK)
    return out


def light_cavalry(frame: int) -> list[Prim]:
    """Arab light horse: smaller dun horse, rider in tunic and head cloth, spear."""
    k = 0.9
    coat, dark = ((DUN, DUN_DARK), (GREY_HORSE, GREY_HORSE_DARK))[look(frame)]
    out = horse(frame, coat=coat, dark=dark, size=k)
    c = (-0.2 * k, 0.0, 1.68 * k)
    out.append(poly(ellipse_pts(c, (0.34, 0, 0), (0, 0.33, -0.06), 16), prim(0.9), 0.06))
    out += rider(frame, k=k, torso=prim(1.0), helmet=None, plume=False, cloak=False)
    hand = (0.1, 0.28, 1.95)
    out += arm((-0.1, 0.2, 2.12), hand, SKIN_DARK)
    d = ((0.7, 0.0, 0.4), (0.45, 0.05, 0.62))[look(frame)]
    butt = (hand[0] - 1.0 * d[0], hand[1], hand[2] - 1.0 * d[2])
    tip = add(hand, (1.8 * d[0], 0.0, 1.8 * d[2]))
    out.append(stick(butt, tip, 0.045, WOOD, 0.6))
    out.append(stick(tip, add(tip, (0.18, 0.0, 0.1)), 0.07, STEEL, 0.61))
    out += arm((-0.1, -0.2, 2.12), (0.22, -0.1, 1.95), SKIN_DARK)
    return out


def commander(frame: int) -> list[Prim]:
    """A general: big grey horse in a caparison, plumed rider, standard bearer's banner pole."""
    k = 1.12
    out = horse(frame, coat=GREY_HORSE, dark=GREY_HORSE_DARK, size=k, cloth=True)
    # caparison skirts hanging on both flanks
    for side in (-1, 1):
        pts = [
            (0.3 * k, 0.34 * side * k, 1.55 * k),
            (-0.7 * k, 0.34 * side * k, 1.55 * k),
            (-0.7 * k, 0.4 * side * k, 1.05 * k),
            (0.3 * k, 0.4 * side * k, 1.05 * k),
        ]
        out.append(poly(pts, prim(0.8 if side < 0 else 0.9), 0.02))
        out.append(stick(pts[2], pts[3], 0.06, sec(1.0), 0.03))
    out += rider(frame, k=k, torso=BRONZE, helmet=BRONZE, plume=True, cloak=True)
    out += arm((-0.1, 0.2, 2.4), (0.25, 0.25, 2.25), BRONZE)
    out += arm((-0.1, -0.2, 2.4), (0.25, -0.12, 2.25), BRONZE)
    # the standard: a pole behind the rider with a banner that waves with the gait
    base = (-0.55, -0.3, 1.7)
    top = (-0.55, -0.3, 4.4)
    out.append(stick(base, top, 0.06, WOOD_DARK, 0.7))
    out.append(ball(add(top, (0, 0, 0.08)), 0.08, BRONZE, 0.72))
    wave = (0.0, 0.12, 0.04, -0.08)[step(frame)]
    length, height = 0.95, 0.75
    cols = 5
    for i in range(cols):
        t0, t1 = i / cols, (i + 1) / cols
        w0 = wave * math.sin(math.pi * t0 * 1.5)
        w1 = wave * math.sin(math.pi * t1 * 1.5)
        z0, z1 = top[2] - 0.12, top[2] - 0.12 - height
        sag0, sag1 = 0.1 * t0, 0.1 * t1
        q = [
            (base[0] - length * t0, base[1] + w0, z0 - sag0),
            (base[0] - length * t1, base[1] + w1, z0 - sag1),
            (base[0] - length * t1, base[1] + w1, z1 - sag1 * 0.5),
            (base[0] - length * t0, base[1] + w0, z1 - sag0 * 0.5),
        ]
        out.append(poly(q, sec(1.0 - 0.1 * (i % 2)), 0.71))
        # a primary stripe across the banner
        mid0 = z0 - sag0 - height * 0.38
        mid1 = z0 - sag1 - height * 0.38
        out.append(
            poly(
                [
                    (q[0][0], q[0][1], mid0),
                    (q[1][0], q[1][1], mid1),
                    (q[1][0], q[1][1], mid1 - 0.2),
                    (q[0][0], q[0][1], mid0 - 0.2),
                ],
                prim(1.0),
                0.715,
            )
        )
    return out


def fallen_man(_frame: int) -> list[Prim]:
    """A dead man lying on his back, shield beside him."""
    out: list[Prim] = [shadow_ellipse(-0.2, 0.0, 0.9, 0.35)]
    out.append(stick((-0.2, -0.1, 0.08), (-1.0, -0.22, 0.06), 0.13, TROUSERS))
    out.append(stick((-0.2, 0.1, 0.08), (-0.95, 0.15, 0.06), 0.13, TROUSERS))
    out.append(ball((0.0, 0.0, 0.12), 0.21, prim(0.8), 0.01))
    out.append(ball((0.05, -0.16, 0.1), 0.12, prim(0.7), 0.01))
    out.append(ball((0.05, 0.16, 0.1), 0.12, prim(0.7), 0.01))
    out.append(stick((0.05, -0.18, 0.08), (0.4, -0.42, 0.05), 0.09, prim(0.7), 0.01))
    out.append(ball((0.34, 0.0, 0.1), 0.12, SKIN_DARK, 0.02))
    out.append(disc((0.1, 0.55, 0.03), 0.34, (0.0, 0.0, 1.0), prim(0.85), -0.01))
    out.append(ball((0.2, -0.05, 0.02), 0.2, BLOOD, -0.05))
    return out


def fallen_horse(_frame: int) -> list[Prim]:
    """A dead horse on its side, legs out, its rider thrown beside it."""
    out: list[Prim] = [shadow_ellipse(0.0, 0.0, 1.5, 0.7)]
    for lu in (0.55, 0.7, -0.6, -0.45):
        out.append(stick((lu, 0.1, 0.3), (lu + 0.15, 0.8, 0.1), 0.12, BAY_DARK))
    for u, r in ((-0.7, 0.3), (-0.35, 0.34), (0.0, 0.35), (0.35, 0.33), (0.6, 0.28)):
        out.append(ball((u, 0.0, 0.32), r, BAY, 0.01))
    out.append(stick((0.7, 0.0, 0.3), (1.3, -0.2, 0.15), 0.22, BAY, 0.02))
    out.append(stick((-0.95, 0.0, 0.3), (-1.4, 0.1, 0.08), 0.12, BAY_DARK, 0.0))
    out.append(
        poly(ellipse_pts((-0.1, -0.2, 0.6), (0.42, 0, 0), (0, 0.12, 0.2), 16), prim(0.8), 0.03)
    )
    for p in fallen_man(0)[1:]:
        if p[0] == "ball":
            out.append(("ball", add(p[1], (-0.2, -0.8, 0.0)), p[2], p[3], p[4]))
        elif p[0] == "stick":
            out.append(
                ("stick", add(p[1], (-0.2, -0.8, 0)), add(p[2], (-0.2, -0.8, 0)), p[3], p[4], p[5])
            )
    return out


KINDS: dict[str, Callable[[int], list[Prim]]] = {
    "infantry": infantry,
    "archer": archer,
    "light_infantry": light_infantry,
    "cavalry": cavalry,
    "horse_archer": horse_archer,
    "light_cavalry": light_cavalry,
    "commander": commander,
}
FALLEN_COLUMNS: tuple[Callable[[int], list[Prim]], ...] = (fallen_man, fallen_horse)


# -- rendering ---------------------------------------------------------------------------------
def project(p: Vec, heading: float) -> tuple[float, float, float]:
    """Soldier-frame point -> (screen x, screen y) in supersampled px on the canvas, and depth."""
    ch, sh = math.cos(heading), math.sin(heading)
    wx = p[0] * ch - p[1] * sh
    wy = p[0] * sh + p[1] * ch
    sx = (ANCHOR[0] + wx * PX_PER_M) * SS
    sy = (ANCHOR[1] + (Y_SQUASH * wy - Z_RISE * p[2]) * PX_PER_M) * SS
    return sx, sy, p[2] + DEPTH_Y * wy


def draw_figure(prims: list[Prim], heading: float) -> tuple[np.ndarray, np.ndarray]:
    """Draw primitives at SSx: returns (RGBA figure, shadow alpha) as numpy arrays (H, W, ...)."""
    size = CANVAS * SS
    fig = pygame.Surface((size, size), pygame.SRCALPHA)
    shadow = pygame.Surface((size, size), pygame.SRCALPHA)
    items = []
    scale = PX_PER_M * SS
    for n, p in enumerate(prims):
        if p[0] == "shadow":
            pts = [project(q, heading)[:2] for q in p[1]]
            pygame.draw.polygon(shadow, (0, 0, 0, 255), pts)
        elif p[0] == "ball":
            x, y, d = project(p[1], heading)
            items.append((d + p[4], n, "ball", (x, y, p[2] * scale, p[3])))
        elif p[0] == "stick":
            ax, ay, da = project(p[1], heading)
            bx, by, db = project(p[2], heading)
            items.append(((da + db) / 2 + p[5], n, "stick", (ax, ay, bx, by, p[3] * scale, p[4])))
        elif p[0] == "poly":
            pr = [project(q, heading) for q in p[1]]
            d = sum(q[2] for q in pr) / len(pr)
            items.append((d + p[3], n, "poly", ([(q[0], q[1]) for q in pr], p[2])))
    items.sort(key=lambda it: (it[0], it[1]))
    lx, ly = LIGHT
    for _d, _n, what, a in items:
        if what == "ball":
            x, y, r, col = a
            pygame.draw.circle(fig, shade(col, 0.7), (x, y), r)
            pygame.draw.circle(fig, col, (x + lx * 0.25 * r, y + ly * 0.25 * r), r * 0.74)
            if r > 2.4 * SS:
                pygame.draw.circle(
                    fig, shade(col, 1.18), (x + lx * 0.45 * r, y + ly * 0.45 * r), r * 0.34
                )
        elif what == "stick":
            ax, ay, bx, by, w, col = a
            dx, dy = bx - ax, by - ay
            ln = math.hypot(dx, dy)
            hw = max(w / 2, SS * 0.45)
            if ln > 1e-6:
                nx, ny = -dy / ln * hw, dx / ln * hw
                pygame.draw.polygon(
                    fig,
                    col,
                    [
                        (ax + nx, ay + ny),
                        (bx + nx, by + ny),
                        (bx - nx, by - ny),
                        (ax - nx, ay - ny),
                    ],
                )
            pygame.draw.circle(fig, col, (ax, ay), hw)
            pygame.draw.circle(fig, col, (bx, by), hw)
        else:
            pts, col = a
            pygame.draw.polygon(fig, col, pts)
            pygame.draw.polygon(fig, shade(col, 0.72), pts, max(1, SS // 2))
    rgba = np.dstack([pygame.surfarray.array3d(fig), pygame.surfarray.array_alpha(fig)])
    rgba = rgba.transpose(1, 0, 2).copy()  # (H, W, 4)
    sh = pygame.surfarray.array_alpha(shadow).T.astype(np.float32) / 255.0
    return rgba, sh


def reduce_supersampled(rgba: np.ndarray, shadow: np.ndarray) -> np.ndarray:
    """SSxSS blocks -> one pixel: dominant colour class, mean of that class, coverage alpha.

    Then a dark one-pixel outline around the figure and the shadow underneath, composited so
    that each output pixel keeps the colour class of whichever layer dominates it.
    """
    h, w = rgba.shape[0] // SS, rgba.shape[1] // SS
    blk = rgba.reshape(h, SS, w, SS, 4).transpose(0, 2, 1, 3, 4).reshape(h, w, SS * SS, 4)
    blk = blk.astype(np.int32)
    r, g, b, a = blk[..., 0], blk[..., 1], blk[..., 2], blk[..., 3]
    opaque = a > 127
    is_p = opaque & (r > 0) & (g == 0) & (b == 0)
    is_s = opaque & (g > 0) & (r == 0) & (b == 0)
    is_l = opaque & ~is_p & ~is_s
    counts = np.stack([is_p.sum(-1), is_s.sum(-1), is_l.sum(-1)], axis=-1)
    dom = counts.argmax(-1)
    sel = np.stack([is_p, is_s, is_l], axis=-1)  # (h, w, n, 3)
    chosen = np.take_along_axis(sel, dom[..., None, None], axis=-1)[..., 0]  # (h, w, n)
    nsel = np.maximum(chosen.sum(-1), 1)
    col = (blk[..., :3] * chosen[..., None]).sum(-2) / nsel[..., None]
    col = np.rint(col).astype(np.int32)
    a_fig = counts.sum(-1) / float(SS * SS)
    a_sh = shadow.reshape(h, SS, w, SS).mean(axis=(1, 3)) * SHADOW_ALPHA
    # outline: figure coverage dilated by one pixel (8-neighbourhood)
    solid = a_fig > 0.25
    dil = solid.copy()
    dil[1:, :] |= solid[:-1, :]
    dil[:-1, :] |= solid[1:, :]
    dil[:, 1:] |= solid[:, :-1]
    dil[:, :-1] |= solid[:, 1:]
    dil[1:, 1:] |= solid[:-1, :-1]
    dil[:-1, :-1] |= solid[1:, 1:]
    dil[1:, :-1] |= solid[:-1, 1:]
    dil[:-1, 1:] |= solid[1:, :-1]
    a_out = dil * OUTLINE_ALPHA
    # composite: shadow, then outline, then figure (premultiplied "over")
    a1 = a_out + a_sh * (1 - a_out)
    # the outline keeps its exact colour (the view strips it from small sprites by colour)
    c1 = np.zeros((h, w, 3), np.float64)
    c1[dil] = np.array(OUTLINE, np.float64)
    a = a_fig + a1 * (1 - a_fig)
    fig_wins = a_fig >= a1 * (1 - a_fig)
    out = np.zeros((h, w, 4), np.int32)
    out[..., :3] = np.where(fig_wins[..., None], col, np.rint(c1).astype(np.int32))
    out[..., 3] = np.rint(np.clip(a, 0, 1) * 255).astype(np.int32)
    # literal pixels must never look like mask pixels
    mask_class = fig_wins & (dom < 2) & (a_fig > 0)
    rr, gg, bb = out[..., 0], out[..., 1], out[..., 2]
    looks_mask = ((rr > 0) & (gg == 0) & (bb == 0)) | ((gg > 0) & (rr == 0) & (bb == 0))
    fix = looks_mask & ~mask_class
    out[..., 2] = np.where(fix, np.maximum(bb, 1), bb)
    # figure pixels must never be mistaken for the outline
    is_outline_col = (
        (out[..., 0] == OUTLINE[0]) & (out[..., 1] == OUTLINE[1]) & (out[..., 2] == OUTLINE[2])
    )
    out[..., 2] = np.where(is_outline_col & fig_wins, out[..., 2] + 1, out[..., 2])
    # mask pixels: keep them pure (they already are; the class mean of pure shades is pure)
    out[out[..., 3] == 0] = 0
    return out.astype(np.uint8)


def render_frames(
    figure: Callable[[int], list[Prim]], columns: int, per_column: bool = False
) -> list[list[np.ndarray]]:
    """[facing][column] -> RGBA frame on the working canvas."""
    rows = []
    for f in range(len(FACING_NAMES)):
        heading = f * math.pi / 4
        row = []
        for c in range(columns):
            prims = FALLEN_COLUMNS[c](0) if per_column else figure(c)
            rgba, sh = draw_figure(prims, heading)
            row.append(reduce_supersampled(rgba, sh))
        rows.append(row)
    return rows


def crop_sheet(rows: list[list[np.ndarray]]) -> tuple[np.ndarray, tuple[int, int], tuple[int, int]]:
    """Crop every frame to the union bounding box; returns (sheet, (fw, fh), anchor)."""
    alpha = np.zeros((CANVAS, CANVAS), bool)
    for row in rows:
        for fr in row:
            alpha |= fr[..., 3] > 0
    ys, xs = np.nonzero(alpha)
    pad = 1
    x0, x1 = int(xs.min()) - pad, int(xs.max()) + 1 + pad
    y0, y1 = int(ys.min()) - pad, int(ys.max()) + 1 + pad
    fw, fh = x1 - x0, y1 - y0
    sheet = np.zeros((fh * len(rows), fw * len(rows[0]), 4), np.uint8)
    for i, row in enumerate(rows):
        for j, fr in enumerate(row):
            sheet[i * fh : (i + 1) * fh, j * fw : (j + 1) * fw] = fr[y0:y1, x0:x1]
    return sheet, (fw, fh), (ANCHOR[0] - x0, ANCHOR[1] - y0)


def save_png(sheet: np.ndarray, path: Path) -> None:
    h, w = sheet.shape[:2]
    surf = pygame.image.frombuffer(np.ascontiguousarray(sheet).tobytes(), (w, h), "RGBA")
    pygame.image.save(surf, str(path))


MANIFEST_HEAD = """\
# Sprite sheet manifest, written by tools/make_sprites.py: do not edit by hand, re-run the tool.
# Rows: facings (east first, then clockwise on screen, world y pointing south).
# Columns: for each look, 4 gait frames (stride phase 0, 1/4, 1/2, 3/4); fallen.png: [man, horse].
# anchor: the pixel of a frame that stands on the soldier's ground position.
# Colour masks: pure (r,0,0) = primary, pure (0,g,0) = secondary; shade = value / 200.
# outline: the exact colour of the one-pixel outline (the view drops it from small sprites).
"""


def write_manifest(path: Path, entries: dict[str, dict]) -> None:
    lines = [
        MANIFEST_HEAD,
        f"px_per_m: {PX_PER_M}",
        f"facings: [{', '.join(FACING_NAMES)}]",
        "mask_shade_unit: 200",
        f"outline: [{OUTLINE[0]}, {OUTLINE[1]}, {OUTLINE[2]}]",
        "sheets:",
    ]
    for name, e in entries.items():
        lines.append(
            f"  {name}: {{file: {e['file']}, frame: [{e['frame'][0]}, {e['frame'][1]}], "
            f"anchor: [{e['anchor'][0]}, {e['anchor'][1]}], frames: {e['frames']}}}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--out", default=str(Path(__file__).resolve().parents[1] / "assets" / "sprites")
    )
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    entries: dict[str, dict] = {}
    for name, fn in KINDS.items():
        columns = FRAMES * LOOKS
        sheet, frame, anchor = crop_sheet(render_frames(fn, columns))
        save_png(sheet, out / f"{name}.png")
        entries[name] = {"file": f"{name}.png", "frame": frame, "anchor": anchor, "frames": columns}
        print(f"{name:15s} frame {frame[0]}x{frame[1]} anchor {anchor}")
    sheet, frame, anchor = crop_sheet(render_frames(fallen_man, 2, per_column=True))
    save_png(sheet, out / "fallen.png")
    entries["fallen"] = {"file": "fallen.png", "frame": frame, "anchor": anchor, "frames": 2}
    print(f"{'fallen':15s} frame {frame[0]}x{frame[1]} anchor {anchor}")
    write_manifest(out / "sheets.yaml", entries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
