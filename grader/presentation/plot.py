"""Geometry of the report's SVG pictures, computed in Python (the pages carry no script).

`TrajectoryPlot` draws an optimizer's 2-D trajectory against the reference on
contour lines of the objective; `BarChart` and `Histogram` hold the bars of the
score charts.  Everything is in pixel coordinates; templates only place it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.results.formatting import value_text

#: How far a diverging student trajectory may widen the view, in spans of the reference's box.
MAX_ZOOM_OUT = 2.0


def rosenbrock(x: np.ndarray, y: np.ndarray, a: float = 1.0, b: float = 100.0) -> np.ndarray:
    return (a - x) ** 2 + b * (y - x**2) ** 2


def _quadratic(matrix: np.ndarray, minimum: np.ndarray) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    def value(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        dx, dy = x - minimum[0], y - minimum[1]
        return 0.5 * (matrix[0, 0] * dx * dx + (matrix[0, 1] + matrix[1, 0]) * dx * dy + matrix[1, 1] * dy * dy)

    return value


def objective(trajectory: Mapping[str, Any]) -> tuple[Callable[[np.ndarray, np.ndarray], np.ndarray] | None, tuple[float, float] | None]:
    """The objective function named by a trajectory, and its minimizer (None if unknown).

    ``"rosenbrock"`` is (1 - x)^2 + 100 (y - x^2)^2; ``"quadratic"`` is
    1/2 (w - m)^T A (w - m) with A = ``trajectory["matrix"]`` (default diag(1, 10))
    and m = ``trajectory["minimum"]`` (default 0).
    """
    name = str(trajectory.get("objective", "")).lower()
    try:
        if name == "rosenbrock":
            a = float(trajectory.get("a", 1.0))
            b = float(trajectory.get("b", 100.0))
            return (lambda x, y: rosenbrock(x, y, a, b)), (a, a * a)
        if name == "quadratic":
            matrix = np.asarray(trajectory.get("matrix", [[1.0, 0.0], [0.0, 10.0]]), dtype=float).reshape(2, 2)
            minimum = np.asarray(trajectory.get("minimum", [0.0, 0.0]), dtype=float).reshape(2)
            return _quadratic(matrix, minimum), (float(minimum[0]), float(minimum[1]))
    except (TypeError, ValueError):
        pass
    return None, None


def _points(raw: Any, until_gap: bool = False) -> np.ndarray:
    """A trajectory as an (n, 2) float array; rows that are not two finite numbers are dropped
    (with `until_gap`, the first such row ends the trajectory)."""
    try:
        array = np.asarray(raw, dtype=float)
    except (TypeError, ValueError):
        return np.zeros((0, 2))
    if array.ndim != 2 or array.shape[1] < 2:
        return np.zeros((0, 2))
    array = array[:, :2]
    finite = np.isfinite(array).all(axis=1)
    if until_gap:  # a path's points are steps: after a gap the rest would be misplaced
        return array[: int(np.argmin(finite)) if not finite.all() else len(array)]
    return array[finite]


def contour_segments(xs: np.ndarray, ys: np.ndarray, z: np.ndarray, level: float) -> np.ndarray:
    """Marching squares: the segments (k, 2, 2) where the grid values `z[j, i]` cross `level`."""
    z00, z10 = z[:-1, :-1], z[:-1, 1:]
    z01, z11 = z[1:, :-1], z[1:, 1:]
    x0, x1 = xs[None, :-1], xs[None, 1:]
    y0, y1 = ys[:-1, None], ys[1:, None]

    def crossing(za, zb):
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (level - za) / (zb - za)
        return ((za - level) * (zb - level) < 0), np.clip(np.nan_to_num(t), 0.0, 1.0)

    shape = z00.shape
    edges = []
    for (za, zb, xa, xb, ya, yb) in (
        (z00, z10, x0, x1, y0, y0),  # bottom
        (z10, z11, x1, x1, y0, y1),  # right
        (z01, z11, x0, x1, y1, y1),  # top
        (z00, z01, x0, x0, y0, y1),  # left
    ):
        mask, t = crossing(za, zb)
        px = np.broadcast_to(xa + t * (xb - xa), shape)
        py = np.broadcast_to(ya + t * (yb - ya), shape)
        edges.append((mask, np.stack([px, py], axis=-1)))
    masks = np.stack([m for m, _ in edges])
    points = np.stack([p for _, p in edges])
    count = masks.sum(axis=0)
    segments = []
    two = count == 2
    if two.any():
        order = np.argsort(~masks[:, two], axis=0, kind="stable")[:2]
        cell_points = points[:, two]
        columns = np.arange(cell_points.shape[1])
        segments.append(np.stack([cell_points[order[0], columns], cell_points[order[1], columns]], axis=1))
    four = count == 4
    if four.any():
        # a saddle cell: pair bottom with left and right with top (either pairing is a fair picture)
        cell_points = points[:, four]
        segments.append(np.stack([cell_points[0], cell_points[3]], axis=1))
        segments.append(np.stack([cell_points[1], cell_points[2]], axis=1))
    return np.concatenate(segments) if segments else np.zeros((0, 2, 2))


def contour_levels(z: np.ndarray, count: int = 9) -> list[float]:
    """Levels that spread the lines over the picture: logarithmic when the values span decades."""
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        return []
    low, high = np.quantile(finite, [0.02, 0.9])
    if not high > low:
        return []
    if low > 0 and high / low > 50:
        return [float(v) for v in np.geomspace(low, high, count)]
    return [float(v) for v in np.linspace(low, high, count + 2)[1:-1]]


@dataclass(frozen=True)
class Tick:
    """One labelled tick of an axis."""

    position: float
    """Pixel coordinate along the axis (x for the horizontal axis, y for the vertical one)."""

    text: str
    """The value at the tick, as written."""


@dataclass(frozen=True)
class TrajectoryPlot:
    """An optimizer's path against the reference's, ready for an SVG of `width` x `height`."""

    objective: str
    width: int
    height: int
    frame: tuple[int, int, int, int]
    """The plotting area inside the axes: left, top, right, bottom (pixels)."""
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    contours: tuple[str, ...]
    """One SVG path (``M x y L x y ...``) per contour level, clipped to the view."""
    reference: str
    """The reference path as SVG polyline points ``"x,y x,y ..."``."""
    student: str
    """The student's path (their steps added up from the start) as polyline points."""
    start: tuple[float, float] | None
    divergence: tuple[float, float] | None
    """Where the student's path leaves the reference's (pixels), or None if it never does."""
    divergence_step: int | None
    """The first step (1-based) whose result differs from the reference's."""
    left_plot: bool
    """True if some student points lie outside the picture (drawn at the border)."""
    student_points: int
    reference_points: int


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values (1, 2 or 5 times a power of ten apart) inside [low, high]."""
    span = high - low
    if not span > 0 or not math.isfinite(span):
        return [low]
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step) * step
    return [first + k * step for k in range(int((high - first) / step + 1e-9) + 1)]


def _tick_text(value: float) -> str:
    text = value_text(value, digits=3)
    return "0" if text in ("-0", "0") else text


def student_path(reference: np.ndarray, student: np.ndarray) -> np.ndarray:
    """The path the student's steps trace from the reference's start.

    The checks step open-loop: the student's step t starts from the reference's
    point t.  Drawing those results as they are would zig-zag around the reference;
    adding the student's steps up shows where their optimizer would go.
    """
    count = min(len(student), len(reference))
    if count == 0:
        return student[:0]
    steps = student[1:count] - reference[: count - 1]
    return np.concatenate([reference[:1], reference[:1] + np.cumsum(steps, axis=0)])


def divergence_step(reference: np.ndarray, student: np.ndarray, rtol: float = 1e-6) -> int | None:
    """The first step (1-based) whose result differs from the reference's beyond `rtol`."""
    count = min(len(student), len(reference))
    for t in range(1, count):
        wanted = reference[t] - reference[t - 1]
        got = student[t] - reference[t - 1]
        if np.linalg.norm(got - wanted) > rtol * max(float(np.linalg.norm(wanted)), 1e-12) + 1e-12:
            return t
    if len(student) < len(reference):
        return max(1, len(student))
    return None


def trajectory_plot(
    trajectory: Mapping[str, Any] | None, width: int = 420, height: int = 270, grid: int = 36
) -> TrajectoryPlot | None:
    """The picture of `CheckResult.trajectory`, or None if there is nothing to draw."""
    if not trajectory:
        return None
    reference = _points(trajectory.get("reference"))
    raw_student = _points(trajectory.get("student"), until_gap=True)
    if len(reference) == 0 and len(raw_student) == 0:
        return None
    function, _ = objective(trajectory)
    if len(reference) and len(raw_student):
        student = student_path(reference, raw_student)
        diverges = divergence_step(reference, raw_student)
    else:
        student, diverges = raw_student, None
    # the view: both paths, not the whole function; a runaway path widens it only so far
    core = reference if len(reference) else student
    low, high = core.min(axis=0), core.max(axis=0)
    span = np.maximum(high - low, 1e-3 * np.maximum(1.0, np.abs(core).max(axis=0)))
    if len(student):
        limit_low, limit_high = low - MAX_ZOOM_OUT * span, high + MAX_ZOOM_OUT * span
        inside = student[((student >= limit_low) & (student <= limit_high)).all(axis=1)]
        if len(inside):
            low = np.minimum(low, inside.min(axis=0))
            high = np.maximum(high, inside.max(axis=0))
            span = high - low
    span = np.maximum(span, 1e-9)
    low, high = low - 0.08 * span, high + 0.08 * span
    left, top, right, bottom = 52, 8, width - 10, height - 26

    def to_pixels(points: np.ndarray) -> np.ndarray:
        px = left + (points[:, 0] - low[0]) / (high[0] - low[0]) * (right - left)
        py = bottom - (points[:, 1] - low[1]) / (high[1] - low[1]) * (bottom - top)
        return np.stack([px, py], axis=-1)

    def polyline(points: np.ndarray) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in to_pixels(points))

    contours: list[str] = []
    if function is not None:
        xs = np.linspace(low[0], high[0], grid)
        ys = np.linspace(low[1], high[1], grid)
        with np.errstate(all="ignore"):
            z = function(xs[None, :], ys[:, None])
        z = np.broadcast_to(z, (len(ys), len(xs)))
        for level in contour_levels(z, count=6):
            segments = contour_segments(xs, ys, z, level)
            if len(segments) == 0:
                continue
            pixels = np.rint(to_pixels(segments.reshape(-1, 2))).astype(int)
            # whole pixels and one C-level format over all the segments: the SVG stays small and quick
            contours.append("M%d %dL%d %d" * (len(pixels) // 2) % tuple(pixels.reshape(-1).tolist()))
    left_plot = False
    if len(student):
        outside = ((student < low) | (student > high)).any(axis=1)
        left_plot = bool(outside.any())
        student = np.clip(student, low, high)
    start = reference[0] if len(reference) else student[0]
    start_px = to_pixels(np.array([start]))[0]
    divergence_px = None
    if diverges is not None and diverges < len(student):
        d = to_pixels(student[diverges : diverges + 1])[0]
        divergence_px = (round(float(d[0]), 1), round(float(d[1]), 1))
    x_ticks = tuple(Tick(round(float(to_pixels(np.array([[v, low[1]]]))[0, 0]), 1), _tick_text(v)) for v in _nice_ticks(low[0], high[0]))
    y_ticks = tuple(Tick(round(float(to_pixels(np.array([[low[0], v]]))[0, 1]), 1), _tick_text(v)) for v in _nice_ticks(low[1], high[1], 5))
    return TrajectoryPlot(
        objective=str(trajectory.get("objective", "")),
        width=width,
        height=height,
        frame=(left, top, right, bottom),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        contours=tuple(contours),
        reference=polyline(reference) if len(reference) else "",
        student=polyline(student) if len(student) else "",
        start=(round(float(start_px[0]), 1), round(float(start_px[1]), 1)),
        divergence=divergence_px,
        divergence_step=diverges,
        left_plot=left_plot,
        student_points=len(student),
        reference_points=len(reference),
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    maximum: float
    length: float
    """Pixel length of the filled bar."""


def bars(items: Sequence[tuple[str, float, float]], full_length: float = 300.0) -> tuple[Bar, ...]:
    """Horizontal bars: each (label, value, maximum) filled in proportion."""
    result = []
    for name, value, maximum in items:
        share = value / maximum if maximum and math.isfinite(value) and maximum > 0 else 0.0
        result.append(Bar(name, value, maximum, round(max(0.0, min(1.0, share)) * full_length, 1)))
    return tuple(result)


@dataclass(frozen=True)
class Histogram:
    edges: tuple[float, ...]
    counts: tuple[int, ...]
    tallest: int


def histogram(values: Sequence[float], maximum: float, bins: int = 10) -> Histogram:
    """Counts of `values` in `bins` equal bins over [0, maximum] (the top bin includes the maximum)."""
    top = maximum if maximum > 0 else max([1.0, *values])
    edges = np.linspace(0.0, top, bins + 1)
    counts, _ = np.histogram(np.clip(np.asarray(values, dtype=float), 0.0, top), bins=edges)
    counts_tuple = tuple(int(c) for c in counts)
    return Histogram(tuple(float(e) for e in edges), counts_tuple, max(counts_tuple, default=0))
