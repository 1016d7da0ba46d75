"""Grading a class on many machines: a deterministic share per machine, and merging the outputs.

A shard ``K/N`` (0 <= K < N, as the engines number their tasks) grades the submissions whose
name hashes to K modulo N: every machine recognises the same ROOT, so the shares are disjoint and
cover the class, and a student added later does not move the others to another shard.  The index
may come from the engine: ``--shard auto`` reads Slurm's ``SLURM_ARRAY_TASK_ID`` (less
``SLURM_ARRAY_TASK_MIN``) and ``SLURM_ARRAY_TASK_COUNT``; ``--shard auto/N`` reads the index from
``SLURM_ARRAY_TASK_ID`` or Kubernetes' ``JOB_COMPLETION_INDEX`` (an Indexed Job does not expose
its completion count, so N is given).

`merge` puts shard outputs together: each submission's folder is copied into the merged output
(a submission found in two shards is an error, unless both records are the same grade of the same
files), then the gradebook and summary are written from the merged records, as one batch would.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


class ShardError(Exception):
    """A shard specification or a merge that cannot be used; `str()` says why."""


@dataclass(frozen=True)
class Shard:
    """One machine's share of the class."""

    index: int
    """This share's number, 0 <= index < count."""
    count: int
    """How many shares the class is cut into."""

    def takes(self, name: str) -> bool:
        """Whether the submission `name` is graded in this share (a stable hash, not Python's)."""
        digest = hashlib.sha256(name.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index


def _integer(text: str | None, what: str) -> int:
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        raise ShardError(f"{what} must be a whole number, not {text!r}") from None


def parse_shard(text: str, environ: Mapping[str, str] | None = None) -> Shard:
    """``K/N``, ``auto`` (Slurm) or ``auto/N`` (Slurm or Kubernetes index, N given) as a Shard."""
    environ = os.environ if environ is None else environ
    index_text, _, count_text = text.strip().partition("/")
    if index_text == "auto":
        if "SLURM_ARRAY_TASK_ID" in environ:
            index = _integer(environ["SLURM_ARRAY_TASK_ID"], "SLURM_ARRAY_TASK_ID") - _integer(environ.get("SLURM_ARRAY_TASK_MIN", "0"), "SLURM_ARRAY_TASK_MIN")
        elif "JOB_COMPLETION_INDEX" in environ:
            index = _integer(environ["JOB_COMPLETION_INDEX"], "JOB_COMPLETION_INDEX")
        else:
            raise ShardError("--shard auto needs SLURM_ARRAY_TASK_ID (a Slurm job array) or JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)")
        if count_text:
            count = _integer(count_text, "the shard count")
        elif "SLURM_ARRAY_TASK_COUNT" in environ:
            count = _integer(environ["SLURM_ARRAY_TASK_COUNT"], "SLURM_ARRAY_TASK_COUNT")
        else:
            raise ShardError("--shard auto/N: give the number of shards N (Kubernetes does not tell a pod the completion count)")
    else:
        if not count_text:
            raise ShardError(f"--shard takes K/N (for example 0/4), not {text!r}")
        index, count = _integer(index_text, "the shard index"), _integer(count_text, "the shard count")
    if count < 1 or not 0 <= index < count:
        raise ShardError(f"shard {index}/{count}: the index runs from 0 to {count - 1}")
    return Shard(index, count)


def merge(outputs: Sequence[str | Path], into: str | Path, lang: str = "en") -> dict[str, dict]:
    """Copy the shard outputs' submissions into `into` and write its gradebook and summary; the merged records."""
    from grader.apps.batch import CLASS_FILE, GRADEBOOK, SUMMARY, read_class, read_record, write_outputs
    from grader.reading.files import ensure_writable_dir, write_atomic
    from grader.reading.layouts import OUTPUT_MARKER

    into = ensure_writable_dir(into)
    records: dict[str, dict] = {}
    origin: dict[str, Path] = {}
    facts: dict = {}
    own = {GRADEBOOK, SUMMARY, CLASS_FILE, OUTPUT_MARKER, "manual.csv"}
    for output in map(Path, outputs):
        if not (output / OUTPUT_MARKER).exists():
            raise ShardError(f"{output} is not the output of grade batch")
        if not facts:
            facts = read_class(output)
        for directory in sorted(p for p in output.iterdir() if p.is_dir() and p.name not in own):
            record = read_record(directory)
            if record is None:
                continue  # a submission the shard did not finish: not a grade to merge
            name = directory.name
            if name in records:
                same = {k: v for k, v in record.items() if k != "seconds"} == {k: v for k, v in records[name].items() if k != "seconds"}
                if not same:
                    raise ShardError(f"{name} was graded in both {origin[name]} and {output} with different results")
                continue
            records[name] = record
            origin[name] = output
            if directory.resolve() != (into / name).resolve():
                shutil.rmtree(into / name, ignore_errors=True)
                shutil.copytree(directory, into / name, symlinks=True)
    write_atomic(into / OUTPUT_MARKER, "merged by grade merge; this folder is never graded as a submission\n")
    if facts:
        write_atomic(into / CLASS_FILE, json.dumps(facts, ensure_ascii=False, indent=1))
    write_outputs(into, records, lang)
    return records
