"""Geometry of the report's SVG pictures, computed in Python (the pages carry no script).

`TrajectoryPlot` draws an optimizer's 2-D trajectory against the reference on
contour lines of the objective; `BarChart` and `Histogram` hold the bars of the
score charts.  Everything is in pixel coordinates; templates only place it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np

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


def _points(raw: Any) -> np.ndarray:
    """A trajectory as an (n, 2) float array; rows that are not two finite numbers are dropped."""
    try:
        array = np.asarray(raw, dtype=float)
    except (TypeError, ValueError):
        return np.zeros((0, 2))
    if array.ndim != 2 or array.shape[1] < 2:
        return np.zeros((0, 2))
    array = array[:, :2]
    return array[np.isfinite(array).all(axis=1)]


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
class TrajectoryPlot:
    """An optimizer's trajectory against the reference, ready for an SVG of `width` x `height`."""

    objective: str
    width: int
    height: int
    contours: tuple[str, ...]
    """One SVG path (``M x y L x y ...``) per contour level."""
    reference: str
    """The reference trajectory as SVG polyline points ``"x,y x,y ..."``."""
    student: str
    minimum: tuple[float, float] | None
    start: tuple[float, float] | None
    left_plot: bool
    """True if some student points lie outside the picture (drawn at the border)."""
    student_points: int
    reference_points: int


def trajectory_plot(trajectory: Mapping[str, Any] | None, width: int = 360, height: int = 300, grid: int = 50) -> TrajectoryPlot | None:
    """The picture of `CheckResult.trajectory`, or None if there is nothing to draw."""
    if not trajectory:
        return None
    reference = _points(trajectory.get("reference"))
    student = _points(trajectory.get("student"))
    if len(reference) == 0 and len(student) == 0:
        return None
    function, minimum = objective(trajectory)
    box_points = [reference] if len(reference) else [student]
    if minimum is not None:
        box_points.append(np.array([minimum]))
    core = np.concatenate(box_points)
    low, high = core.min(axis=0), core.max(axis=0)
    span = np.maximum(high - low, 1e-3 * np.maximum(1.0, np.abs(core).max(axis=0)))
    if len(student):
        limit_low, limit_high = low - MAX_ZOOM_OUT * span, high + MAX_ZOOM_OUT * span
        inside = student[((student >= limit_low) & (student <= limit_high)).all(axis=1)]
        if len(inside):
            low = np.minimum(low, inside.min(axis=0))
            high = np.maximum(high, inside.max(axis=0))
            span = np.maximum(high - low, span)
    low, high = low - 0.12 * span, high + 0.12 * span
    margin = 8
    # equal scales on both axes, so that the contours keep their true shape
    span = high - low
    pixels = np.array([width - 2 * margin, height - 2 * margin], dtype=float)
    units_per_pixel = float(np.max(span / pixels))
    center = (low + high) / 2
    low, high = center - units_per_pixel * pixels / 2, center + units_per_pixel * pixels / 2

    def to_pixels(points: np.ndarray) -> np.ndarray:
        px = margin + (points[:, 0] - low[0]) / (high[0] - low[0]) * (width - 2 * margin)
        py = height - margin - (points[:, 1] - low[1]) / (high[1] - low[1]) * (height - 2 * margin)
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
        for level in contour_levels(z):
            segments = contour_segments(xs, ys, z, level)
            if len(segments) == 0:
                continue
            pixels = to_pixels(segments.reshape(-1, 2))
            # one C-level format over all the segments (per-segment f-strings were most of a report's time)
            contours.append(("M%.1f %.1fL%.1f %.1f " * (len(pixels) // 2) % tuple(pixels.reshape(-1).tolist()))[:-1])
    left_plot = False
    if len(student):
        outside = ((student < low) | (student > high)).any(axis=1)
        left_plot = bool(outside.any())
        student = np.clip(student, low, high)
    start = reference[0] if len(reference) else student[0]
    start_px = to_pixels(np.array([start]))[0]
    minimum_px = None
    if minimum is not None:
        m = to_pixels(np.array([minimum]))[0]
        minimum_px = (round(float(m[0]), 1), round(float(m[1]), 1))
    return TrajectoryPlot(
        objective=str(trajectory.get("objective", "")),
        width=width,
        height=height,
        contours=tuple(contours),
        reference=polyline(reference) if len(reference) else "",
        student=polyline(student) if len(student) else "",
        minimum=minimum_px,
        start=(round(float(start_px[0]), 1), round(float(start_px[1]), 1)),
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
