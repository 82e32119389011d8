"""Generate the Callinicum battlefield grids: `maps/callinicum/terrain.txt` and `elevation.txt`.

Why a generator: the map is 400 x 300 tiles (8.0 x 6.0 km at 20 m), too large to paint by hand
and too small to need a GIS. The layout follows the proposed map table in section 1 of the
history brief (`/work/shared/history/callinicum.md`); every number below is a reconstruction [R]
unless marked [P] (Procopius). Natural-looking patches come from smooth value noise drawn from a
seeded numpy `Generator`, so the same script always writes the same files (no wall clock).

The legend (characters, names, speeds, colours) lives in the hand-written `map.yaml`; this script
only has to agree with its characters, listed in `CHARS`.

Run:  python3 tools/make_map.py  [--out maps/callinicum]
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import numpy as np

SEED = 531_0419
"""Year and day of the battle; any fixed number would do."""

TILE = 20.0  # metres per tile
COLS, ROWS = 400, 300  # 8.0 km west->east, 6.0 km north->south
BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"

CHARS = {
    "deep": "~",
    "shallows": "-",
    "reeds": '"',
    "sand": "s",
    "grass": ".",
    "steppe": ",",
    "dust": ":",
    "field": "f",
    "road": "=",
    "wall": "#",
    "gate": "+",
    "town": "t",
    "camp": "c",
    "orchard": "o",
    "scrub": "*",
}
"""One character per terrain; must match the legend keys in map.yaml."""

# -- the proposed map table (metres) -------------------------------------------------------------
TOWN = (5200.0, 300.0, 6000.0, 900.0)  # Callinicum walls, north bank [P town; size R]
CAMP = (5000.0, 1800.0, 6200.0, 2800.0)  # Persian camp opposite the town [P position; extent R]
ISLAND_A = (2800.0, 1350.0, 600.0, 100.0)  # centre x, y, half-length, half-width: x 2.2-3.4
ISLAND_B = (4200.0, 1375.0, 400.0, 75.0)  # x 3.8-4.6, y 1.3-1.45 ["islands very near", P]
ROAD_WEST_Y = 2500.0  # the road from Sura enters the west edge here [R]
CROSSING_X = 5600.0  # the ferry/crossing opposite the town's south gate [R]
SLOPE_Y0, SLOPE_Y1 = 4000.0, 6000.0  # rising ground on the Roman right [P], height [R]
PLAIN_M = 3.0  # floodplain height above the river bed, metres [R]
SLOPE_RISE_M = 22.0  # top of the slope above the plain: "gentle", 20-25 m [R]
ROMAN_LINE_X = 2600.0  # must stay passable from the bank to the slope [P order; R place]


def value_noise(rng: np.random.Generator, cell_m: float) -> np.ndarray:
    """Smooth noise in [0, 1] on the tile grid: random lattice every `cell_m`, smoothstep-blended.

    Separable interpolation (rows then columns) keeps it exact and cheap.
    """
    ny = int(ROWS * TILE / cell_m) + 3
    nx = int(COLS * TILE / cell_m) + 3
    lattice = rng.random((ny, nx))
    fy = (np.arange(ROWS) + 0.5) * TILE / cell_m
    fx = (np.arange(COLS) + 0.5) * TILE / cell_m
    iy, ix = fy.astype(int), fx.astype(int)
    ty, tx = fy - iy, fx - ix
    ty, tx = ty * ty * (3 - 2 * ty), tx * tx * (3 - 2 * tx)
    rows = lattice[iy] * (1 - ty)[:, None] + lattice[iy + 1] * ty[:, None]
    return rows[:, ix] * (1 - tx) + rows[:, ix + 1] * tx


def fbm(rng: np.random.Generator, cell_m: float, octaves: int = 3) -> np.ndarray:
    """Fractal sum of value noise, normalised back to [0, 1]."""
    total, amp, norm = np.zeros((ROWS, COLS)), 1.0, 0.0
    for k in range(octaves):
        total += amp * value_noise(rng, cell_m / 2**k)
        norm += amp
        amp *= 0.5
    return total / norm


def smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def river_course(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centre line and half-width (metres) of the Euphrates as functions of x.

    Banks near y 1.1 and 1.6 km with a gentle meander (~40 m) and width 0.44-0.5 km: the brief's
    'width (u)' [R]. Phases are chosen so the south bank stays north of 1.61 km at the Roman line.
    """
    centre = (
        1350.0
        + 28.0 * np.sin(2 * np.pi * x / 6400.0 + 2.3)
        + 12.0 * np.sin(2 * np.pi * x / 2300.0 + 0.4)
    )
    half = 236.0 + 10.0 * np.sin(2 * np.pi * x / 3700.0 + 1.0)
    return centre, half


def thin_polyline(points: list[tuple[float, float]], grid: np.ndarray, code: str) -> None:
    """Rasterise a polyline (metres) as an 8-connected line one tile wide.

    Steps along the longer axis of each segment, one tile per step, so the line never doubles
    into a staircase; the painter traces these tiles back into a smooth track.
    """
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        c0, r0 = x0 / TILE - 0.5, y0 / TILE - 0.5
        c1, r1 = x1 / TILE - 0.5, y1 / TILE - 0.5
        n = int(max(abs(c1 - c0), abs(r1 - r0))) + 1
        for t in np.linspace(0.0, 1.0, n + 1):
            r = round(float(r0 + (r1 - r0) * t))
            c = round(float(c0 + (c1 - c0) * t))
            if 0 <= r < ROWS and 0 <= c < COLS:
                grid[r, c] = code


def generate(seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Return (terrain characters, elevation metres), both (ROWS, COLS)."""
    rng = np.random.default_rng(seed)
    X = (np.arange(COLS) + 0.5) * TILE
    Y = (np.arange(ROWS) + 0.5) * TILE
    XX, YY = np.meshgrid(X, Y)
    C = CHARS

    # Independent noise fields, drawn in a fixed order (determinism).
    n_bank = fbm(rng, 300.0)  # wobble of the river's shallows and the bank
    n_reed = fbm(rng, 260.0)
    n_sand = fbm(rng, 340.0)
    n_veg = fbm(rng, 900.0)  # grass <-> dry steppe
    n_dust = fbm(rng, 600.0)
    n_scrub = fbm(rng, 250.0)
    n_orch = fbm(rng, 300.0)
    n_isl = fbm(rng, 200.0)
    n_elev = fbm(rng, 700.0, 4)
    n_spur = fbm(rng, 1200.0, 2)
    n_farm = fbm(rng, 1500.0, 2)  # where the villages irrigate
    field_cells = rng.random((64, 64))
    road_wobble = rng.normal(0.0, 1.0, 16)

    grid = np.full((ROWS, COLS), C["grass"], dtype="<U1")
    elev = np.full((ROWS, COLS), PLAIN_M)

    # -- land cover of the plains, before the river and works cut into it ------------------------
    centre, half = river_course(XX)
    north_edge, south_edge = centre - half, centre + half
    from_river = np.where(centre < YY, YY - south_edge, north_edge - YY)  # metres from the bank
    dry = smoothstep(150.0, 1800.0, from_river) + 0.45 * (n_veg - 0.5)
    grid[dry > 0.42] = C["steppe"]
    grid[(dry > 0.62) & (n_dust > 0.55)] = C["dust"]

    # Irrigated fields in rough parcels (~140 x 100 m) near the river; fewer further out [R].
    pc = (XX // 140.0).astype(int) % 64
    pr = (YY // 100.0).astype(int) % 64
    parcel = field_cells[pr, pc]
    p_field = 0.75 * (1.0 - smoothstep(100.0, 1100.0, from_river)) * smoothstep(0.4, 0.6, n_farm)
    in_parcel = ((XX % 140.0) > 12.0) & ((YY % 100.0) > 12.0) | (parcel < p_field * 0.6)
    grid[(parcel < p_field) & in_parcel & (from_river > 60.0)] = C["field"]

    # Scrub patches dotted over the dry steppe.
    grid[(n_scrub > 0.66) & (dry > 0.5)] = C["scrub"]

    # -- the rising ground on the Roman right [P]: 0 -> +22 m, with spurs and hollows [R] --------
    t = np.clip((YY - SLOPE_Y0) / (SLOPE_Y1 - SLOPE_Y0), 0.0, 1.0)
    ramp = t * t * (3 - 2 * t) * 0.7 + t * 0.3  # gentle start, steady climb
    spurs = (np.sin(2 * np.pi * XX / 1900.0 + 1.2) * 0.6 + (n_spur - 0.5) * 2.0) * np.sin(np.pi * t)
    elev += SLOPE_RISE_M * ramp + 2.5 * spurs
    slope_land = YY > SLOPE_Y0 - 100.0
    grid[slope_land & (n_scrub > 0.5 - 0.25 * t)] = C["scrub"]
    grid[slope_land & (n_scrub <= 0.5 - 0.25 * t) & (n_dust > 0.5)] = C["dust"]
    grid[slope_land & (grid == C["field"])] = C["steppe"]

    # Floodplain micro-relief: +-0.7 m, a levee along the banks [R].
    elev += (n_elev - 0.5) * 1.4
    levee = np.exp(-np.maximum(from_river, 0.0) / 180.0)
    elev += 1.2 * levee
    # The north bank rises a little towards the north (older terrace) [R].
    elev += np.where(centre > YY, 2.0 * smoothstep(1100.0, 0.0, YY), 0.0)

    # -- the Euphrates ---------------------------------------------------------------------------
    d = np.abs(YY - centre) / half  # 0 mid-stream, 1 at the bank
    wobble = (n_bank - 0.5) * 0.16
    water = d < 1.0 + wobble * 0.5
    deep = d < 0.8 + wobble
    grid[water] = C["shallows"]
    grid[deep] = C["deep"]
    reeds = (d > 0.9 + wobble) & (d < 1.1 + wobble * 0.5) & (n_reed > 0.5)
    grid[reeds] = C["reeds"]
    sand = (d >= 1.0 + wobble * 0.5) & (d < 1.09) & (n_sand > 0.52) & ~reeds
    grid[sand] = C["sand"]
    # A few mid-channel sand bars in the shallows on the inside of the bends.
    bars = water & ~deep & (n_sand > 0.7)
    grid[bars] = C["sand"]
    elev[water] = np.where(deep[water], 0.0, 1.0)
    elev[grid == C["reeds"]] = 2.0
    elev[grid == C["sand"]] = 2.0

    # -- the islands [P: "islands very near"; placement R] ---------------------------------------
    for cx, cy, ax, ay in (ISLAND_A, ISLAND_B):
        # A lens: pointed up- and downstream, as river islands are.
        u = (XX - cx) / ax
        v = (YY - cy) / (ay * np.sqrt(np.clip(1.0 - 0.55 * u * u, 0.05, 1.0)))
        r = np.sqrt(u * u + v * v) + (n_isl - 0.5) * 0.25
        ring = (r < 1.0 + 45.0 / ay) & (grid == C["deep"])
        grid[ring] = C["shallows"]
        elev[ring] = 1.0
        land = r < 1.0
        grid[land] = C["sand"]
        grid[land & (r < 0.93) & (n_reed > 0.42)] = C["reeds"]
        grid[land & (r < 0.8)] = C["grass"]
        grid[land & (r < 0.62) & (n_scrub > 0.4)] = C["scrub"]
        elev[land] = 2.0 + 1.5 * (1.0 - np.clip(r[land], 0, 1))

    # -- Callinicum on the north bank, on a low tell [P town; R size] ----------------------------
    x0, y0, x1, y1 = TOWN
    cols = slice(int(x0 / TILE), int(x1 / TILE))
    rows = slice(int(y0 / TILE), int(y1 / TILE))
    tell = np.exp(
        -np.maximum(np.maximum(x0 - XX, XX - x1), np.maximum(y0 - YY, YY - y1)).clip(0) / 90.0
    )
    elev = np.maximum(elev, 7.5 * tell)  # the tell: ~7-8 m, falling off over ~100 m
    # Gardens and orchards around the walls, within ~600 m, on the north bank only [R].
    near_town = np.maximum(np.maximum(x0 - XX, XX - x1), np.maximum(y0 - YY, YY - y1))
    north_land = north_edge - 30.0 > YY
    garden = north_land & (near_town < 650.0 + 250.0 * (n_orch - 0.5)) & (near_town > 0)
    grid[garden & (n_orch > 0.47)] = C["orchard"]
    grid[garden & (n_orch <= 0.47) & (n_orch > 0.33)] = C["field"]
    grid[garden & (n_orch <= 0.33)] = C["grass"]
    grid[rows, cols] = C["town"]
    elev[rows, cols] = 7.0 + (n_elev[rows, cols] > 0.5)
    r0, r1, c0, c1 = rows.start, rows.stop - 1, cols.start, cols.stop - 1
    chamfer = 2
    for r in range(r0, r1 + 1):
        for c in range(c0, c1 + 1):
            dr = min(r - r0, r1 - r)
            dc = min(c - c0, c1 - c)
            if dr + dc < chamfer:
                grid[r, c] = C["orchard"]  # the cut corner lies outside the walls
                elev[r, c] = 5.0
            elif dr == 0 or dc == 0 or dr + dc == chamfer:
                grid[r, c] = C["wall"]
                elev[r, c] = 8.0
    mid_c = int(CROSSING_X / TILE)
    mid_r = (r0 + r1) // 2
    gates = ((r1, mid_c), (mid_r, c0), (mid_r, c1), (r0, mid_c - 6))
    for r, c in gates:
        grid[r, c] = C["gate"]
    # Main streets between the gates [R], and the landing path to the river.
    thin_polyline(
        [
            ((mid_c + 0.5) * TILE, (r1 - 1 + 0.5) * TILE),
            ((mid_c + 0.5) * TILE, (mid_r + 0.5) * TILE),
        ],
        grid,
        C["road"],
    )
    thin_polyline(
        [((c0 + 1.5) * TILE, (mid_r + 0.5) * TILE), ((c1 - 0.5) * TILE, (mid_r + 0.5) * TILE)],
        grid,
        C["road"],
    )
    landing_y = float(north_edge[0, mid_c]) - 10.0
    thin_polyline(
        [((mid_c + 0.5) * TILE, (r1 + 1.5) * TILE), ((mid_c + 0.5) * TILE, landing_y)],
        grid,
        C["road"],
    )
    # A track west along the north bank from the west gate (towards Barbalissos) [R].
    west = [
        ((c0 - 0.5) * TILE, (mid_r + 0.5) * TILE),
        (4700.0, 640.0),
        (3600.0, 780.0),
        (2200.0, 760.0),
        (900.0, 820.0),
        (0.0, 780.0),
    ]
    thin_polyline(west, grid, C["road"])

    # -- the Persian camp opposite the town [P], extent [R] --------------------------------------
    x0, y0, x1, y1 = CAMP
    cx, cy, ax, ay = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    sq = np.abs((XX - cx) / ax) ** 4 + np.abs((YY - cy) / ay) ** 4  # rounded rectangle
    camp = sq + (n_isl - 0.5) * 0.3 < 1.0
    grid[camp] = C["camp"]

    # -- the road from Sura [R]: from the west edge to the camp and the crossing -----------------
    xs = np.linspace(0.0, 5000.0, 12)
    ys = (
        ROAD_WEST_Y
        - 180.0 * smoothstep(2500.0, 5000.0, xs)
        + 40.0 * road_wobble[:12] * np.sin(np.pi * xs / 5000.0)
    )
    sura = [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
    sura += [(5400.0, 2260.0), (5560.0, 1980.0), (CROSSING_X, float(south_edge[0, mid_c]) + 10.0)]
    thin_polyline(sura, grid, C["road"])
    # ... and on east through the camp towards Circesium, downstream [R].
    thin_polyline(
        [(5400.0, 2260.0), (6300.0, 2380.0), (7200.0, 2330.0), (8000.0, 2420.0)], grid, C["road"]
    )

    # -- checks the battle needs -----------------------------------------------------------------
    col = int(ROMAN_LINE_X / TILE)
    line = grid[int(1620 / TILE) : int(5400 / TILE) + 1, col - 3 : col + 4]
    assert not np.isin(line, [C["deep"], C["wall"]]).any(), "the Roman line must be passable"

    elev = np.clip(np.rint(elev), 0, 35).astype(int)
    return grid, elev


def write(out: Path, grid: np.ndarray, elev: np.ndarray) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "terrain.txt").write_text("".join("".join(row) + "\n" for row in grid))
    digits = np.array(list(BASE36))
    (out / "elevation.txt").write_text("".join("".join(digits[row]) + "\n" for row in elev))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[1] / "maps" / "callinicum"
    )
    args = parser.parse_args()
    grid, elev = generate()
    write(args.out, grid, elev)
    print(
        f"wrote {args.out / 'terrain.txt'} and {args.out / 'elevation.txt'} "
        f"({COLS} x {ROWS} tiles of {TILE:g} m)"
    )


if __name__ == "__main__":
    main()
