"""Batch mode: hostile zip files, a student who goes after a classmate, and a batch killed at random.

The batch grades every submission in a forked worker; a zip is unpacked by the trusted
parent before any grading, so a zip that could write outside its directory is refused.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from grader.apps.batch import FAILED, BatchSettings, Progress, grade_batch

from .arena import GOOD, LIMITS, MARKER, REPO, SEED, Arena, descendants, live_marked, tree_state
from .attacks import CodeAttack, hostile_source

NEIGHBOUR = CodeAttack(
    "going after a classmate: reading the batch's other submissions and writing beside them",
    """
    found = _adv_try(lambda: sorted(_os.listdir(_os.path.dirname(_ADV["submission"]))))
    found += _adv_try(lambda: open(_os.path.join(_ADV["victim"], "answers.md")).read())
    found += _adv_try(lambda: open("../victim/perceptron.py").read())
    _adv_try(lambda: open(_os.path.join(_ADV["victim"], "answers.md"), "a").write("tampered"))
    _adv_try(lambda: open(_os.path.join(_os.path.dirname(_ADV["submission"]), "pwned-" + _ADV["marker"]), "w"))
    raise ValueError(found)
    """,
    r"raised an exception",
)


def make_zip(path: Path, entries: dict[str, bytes], *, links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o120777) << 16  # a symbolic link
            archive.writestr(info, target)
    return path


def good_files(prefix: str = "") -> dict[str, bytes]:
    return {prefix + p.name: p.read_bytes() for p in GOOD.iterdir()}


def reports_of(directory: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in sorted(directory.rglob("*")) if p.is_file())


def test_hostile_zips_and_a_classmate_attack_in_one_batch(arena: Arena, clean, tmp_path):
    root = arena.submissions  # holds "victim" (a correct submission) already
    attacker = arena.submission("attacker")
    with open(attacker / "perceptron.py", "a") as handle:
        handle.write(hostile_source(NEIGHBOUR, "perceptron_predict", arena.context(attacker)))
    escape = f"escaped-{MARKER}.py"
    make_zip(root / "traversal.zip", {**good_files(), f"../../{escape}": b"x = 1\n", f"../{escape}": b"x = 1\n"})
    make_zip(root / "absolute.zip", {**good_files(), f"/tmp/{escape}": b"x = 1\n"})
    make_zip(root / "bomb.zip", {**good_files(), "notes.md": b"\0" * (6 * 1024 * 1024)})  # ratio ~1000
    make_zip(root / "huge.zip", {**good_files(), "notes.md": b"\0" * (256 * 1024 * 1024)})  # 256 MB unpacked
    make_zip(root / "linked.zip", good_files(), links={"secret.md": str(arena.secret_path)})
    make_zip(root / "crowded.zip", {f"f{i}.txt": b"" for i in range(5000)})
    make_zip(root / "zipped-folder.zip", good_files("student/"))  # an honest zip: graded
    out = tmp_path / "out"
    watched = {p: tree_state(p) for p in (arena.canary, arena.victim, attacker)}
    before_children = set(descendants(os.getpid()))
    saved = tempfile.tempdir
    tempfile.tempdir = str(arena.private_tmp)
    started = time.monotonic()
    try:
        outcome = grade_batch(root, out, BatchSettings(jobs=2, seed=SEED, options={"sandbox_limits": LIMITS}),
                              progress=Progress(0, stream=io.StringIO()))
    finally:
        tempfile.tempdir = saved
    seconds = time.monotonic() - started
    assert seconds < 120

    records = outcome.records
    assert sorted(records) == ["absolute", "attacker", "bomb", "crowded", "huge", "linked", "traversal", "victim", "zipped-folder"]
    refusals = {"traversal": "zip.parent_path", "absolute": "zip.absolute_path", "bomb": "zip.ratio", "huge": "zip.too_large",
                "linked": "zip.special_file", "crowded": "zip.too_many_files"}
    for name, key in refusals.items():
        assert records[name]["status"] == FAILED and records[name]["reason"]["key"] == key, records[name]
    clean_scores = {p.id: {part.id: part.score for part in p.parts} for p in clean.problems}
    for name in ("victim", "zipped-folder", "attacker"):
        report = json.loads((out / name / "report.json").read_text())
        scores = {p["id"]: {part["id"]: part["score"] for part in p["parts"]} for p in report["problems"]}
        expected = json.loads(json.dumps(clean_scores))
        if name == "attacker":
            assert scores["perceptron"]["perceptron_predict"] == 0
            predict = next(p for p in report["problems"] if p["id"] == "perceptron")["parts"][1]
            said = predict["feedback"] + [c.get("message") or "" for c in predict.get("checks", [])]
            assert "raised an exception" in " ".join(said), said
            expected["perceptron"]["perceptron_predict"] = 0
        assert scores == expected, name
    with open(out / "gradebook.csv", newline="") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert sorted(names) == sorted(records)

    # contained: nothing written outside the output directory, nothing left running, nothing leaked
    for path, state in watched.items():
        assert tree_state(path) == state, path
    for where in (root, root.parent, root.parent.parent, Path("/tmp"), out, out.parent):
        assert not (where / escape).exists() and not (where / f"pwned-{MARKER}").exists(), where
    assert list(arena.private_tmp.iterdir()) == []
    assert set(descendants(os.getpid())) <= before_children
    assert live_marked(str(arena.private_tmp).encode()) == [] and live_marked(MARKER.encode()) == []
    everything = reports_of(out)
    for what, text in arena.secrets_outside().items():
        assert text not in everything, f"{what} leaked into the batch's output"


# ---------------------------------------------------------------- SIGKILL at random moments


SLEEPY = "\n\ndef {name}(*args, **kwargs):  # student {i}: never returns\n    import time\n    time.sleep(1000)\n"


def small_class(root: Path, count: int) -> list[str]:
    """Submissions of two code files each, no answers.md; two functions that hang keep each worker
    busy for a few seconds (two call timeouts), so that a kill finds workers in the middle of grading."""
    names = []
    for i in range(count):
        directory = root / f"s{i}"
        directory.mkdir(parents=True)
        for name, hangs in (("perceptron.py", "perceptron_predict"), ("optimizers.py", "adam")):
            shutil.copyfile(GOOD / name, directory / name)
            with open(directory / name, "a") as handle:
                handle.write(SLEEPY.format(name=hangs, i=i))
        names.append(directory.name)
    return names


def workers_of(out: Path) -> list[int]:
    """Processes of the batch: the CLI itself and its forked workers carry the output path."""
    return live_marked(str(out).encode())


def check_complete_or_absent(out: Path, names: list[str]) -> None:
    """Every report is either absent or whole; the gradebook lists each submission at most once."""
    for name in names:
        directory = out / name
        if not directory.exists():
            continue
        for report in ("report.json", "status.json"):
            if (directory / report).exists():
                data = json.loads((directory / report).read_text())
                assert isinstance(data, dict)
        if (directory / "report.json").exists():
            assert len(json.loads((directory / "report.json").read_text())["problems"]) == 9
        if (directory / "report.html").exists():
            assert (directory / "report.html").read_text().rstrip().endswith("</html>")
    if (out / "gradebook.csv").exists():
        with open(out / "gradebook.csv", newline="") as handle:
            listed = [row["name"] for row in csv.DictReader(handle)]
        assert len(listed) == len(set(listed)) and set(listed) <= set(names)


def test_a_batch_killed_at_random_moments_resumes_to_a_complete_gradebook(tmp_path):
    root = tmp_path / "class"
    out = tmp_path / "out"
    private_tmp = tmp_path / "tmp"  # the sandboxes' scratch directories: their processes carry this path
    private_tmp.mkdir()
    # Enough work that the kills land mid-batch on an idle machine as on a loaded one.
    names = small_class(root, 6)
    command = [sys.executable, "-m", "grader.apps.cli", "batch", str(root), "--out", str(out), "--jobs", "2",
               "--seed", str(SEED)]
    environment = {**os.environ, "TMPDIR": str(private_tmp)}
    moments = random.Random(SEED)
    kills = 0
    for _ in range(4):
        process = subprocess.Popen(command, cwd=REPO, env=environment, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(moments.uniform(0.5, 2.5))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        # the workers and their sandboxes die with the batch (allow the kernel a moment to tear them down)
        deadline = time.monotonic() + 1.5
        while (workers_of(out) or live_marked(str(private_tmp).encode())) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert workers_of(out) == [], "a worker outlived the killed batch"
        assert live_marked(str(private_tmp).encode()) == [], "a sandbox outlived the killed batch"
        check_complete_or_absent(out, names)
    assert kills >= 2
    finished = subprocess.run(command, cwd=REPO, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              timeout=300, check=False)
    assert finished.returncode == 0, finished.stderr[-2000:]
    check_complete_or_absent(out, names)
    with open(out / "gradebook.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["name"] for row in rows) == names
    assert all(row["status"] == "graded" and row["total"] == "18" for row in rows), rows
    for name in names:
        assert {"report.json", "report.md", "report.html", "status.json"} <= {p.name for p in (out / name).iterdir()}
