"""`run_calls`: a request of calls in, an outcome for every call out.

The rules after a child's bad end: the call it was in is "timeout" or
"crashed"; the rest of that call's group is "skipped"; calls that need an
object kept in the dead child (a Ref) are "skipped"; a module whose import
killed or hung the child is "import_error" for all its calls; everything
else goes on in a new child, up to `SandboxLimits.max_restarts` restarts
and within the run's wall budget.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from grader.results.formatting import value_text

from . import cgroup as cgroups
from . import outcome as st
from .call import Call
from .detection import detect_isolation
from .limits import SandboxLimits
from .outcome import CallOutcome, RunReport
from .protections import IsolationReport, describe
from .scratch import Scratch, tail_of
from .session import Ending, Planned, Session
from .wire import InputBlob, refs_in


def run_calls(
    submission_dir: Path,
    calls: Sequence[Call],
    *,
    files: Sequence[str],
    limits: SandboxLimits = SandboxLimits(),
    scratch_root: Path | None = None,
) -> RunReport:
    """Run `calls` in order in an isolated child; never raises for anything the student's code does.

    `files` are the submission's files the child gets (the contract files of the problems whose
    calls these are: `grader.course.course.known_files` says which a course has); each call's module
    must be one of them.  Raises ValueError/TypeError for a bad
    request and `SandboxError` when the sandbox itself cannot start.
    """
    started = time.monotonic()
    calls = list(calls)
    files = tuple(files)
    given = _check_request(calls, files)
    isolation = detect_isolation()
    if not calls:
        return RunReport(outcomes={}, isolation=isolation, wall_seconds=time.monotonic() - started)
    return _Run(Path(submission_dir), calls, files, limits, scratch_root, isolation, started, given).execute()


def _check_request(calls: list[Call], files: tuple[str, ...]) -> list[list]:
    """Raises for a bad request; else the Refs of each call (read once: planning a child asks again)."""
    seen: set[str] = set()
    given = []
    for call in calls:
        if not isinstance(call, Call):
            raise TypeError(f"not a Call: {call!r}")
        if call.id in seen:
            raise ValueError(f"call id {call.id!r} is used twice")
        if not call.module.isidentifier() or not call.function.isidentifier():
            raise ValueError(f"call {call.id!r}: bad module or function name")
        if f"{call.module}.py" not in files:
            raise ValueError(f"call {call.id!r}: {call.module}.py is not among the files {files}")
        refs = refs_in((call.args, dict(call.kwargs)))
        for ref in refs:
            if ref.call_id not in seen:
                raise ValueError(f"call {call.id!r} refers to {ref.call_id!r}, which is not an earlier call")
        for path in call.capture:
            if not path or not isinstance(path[0], (int, str)):
                raise ValueError(f"call {call.id!r}: bad capture path {path!r}")
        if call.send_only is not None and (type(call.send_only) is not int or call.send_only < 0):
            raise ValueError(f"call {call.id!r}: bad send_only {call.send_only!r}")
        seen.add(call.id)
        given.append(refs)
    return given


class _Run:
    def __init__(self, submission_dir: Path, calls: list[Call], files: tuple[str, ...], limits: SandboxLimits,
                 scratch_root: Path | None, isolation: str, started: float, given: list[list]):
        self.submission_dir = submission_dir
        self.calls = calls
        self.given = given
        """The Refs in each call's arguments, by position."""
        self.files = files
        self.limits = limits
        self.scratch_root = scratch_root
        self.isolation = isolation
        self.started = started
        self.deadline = started + limits.run_seconds
        self.outcomes: dict[int, CallOutcome] = {}
        self.module_errors: dict[str, str] = {}
        self.dead_groups: dict[str, str] = {}
        self.children = 0
        self.cpu = 0.0
        self.details: IsolationReport | None = None

    def execute(self) -> RunReport:
        group = cgroups.create(self.limits)
        try:
            return self._execute(group)
        finally:
            if group is not None:
                group.remove()

    def _note(self, result, group) -> None:
        """The run's isolation report, from the first child that got ready (all children are set up alike)."""
        if self.details is not None or not result.confined:
            return
        confined = result.confined
        landlock = confined.get("landlock", 0)
        self.details = describe(
            self.isolation,
            uid_kind=result.uid_kind,
            landlock=landlock if type(landlock) is int else 0,
            cgroup="none" if group is None else f"v{group.version}",
            seccomp=confined.get("seccomp") is True,
        )

    def _execute(self, group) -> RunReport:
        with Scratch(self.scratch_root) as scratch:
            for name, reason in scratch.copy_submission(self.submission_dir, self.files).items():
                if name.endswith(".py"):
                    self.module_errors[name[:-3]] = reason
            blob = InputBlob()
            nodes = [self._node(call, blob) for call in self.calls]
            inputs = scratch.io / "inputs.bin"
            inputs.write_bytes(blob.bytes())
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
            stdout = os.open(scratch.io / "stdout.txt", flags, 0o600)
            stderr = os.open(scratch.io / "stderr.txt", flags, 0o600)
            try:
                while True:
                    planned = self._plan(nodes)
                    if not planned:
                        break
                    session = Session(scratch, planned, isolation=self.isolation, limits=self.limits, inputs=inputs,
                                      stdout=stdout, stderr=stderr, deadline=self.deadline, number=self.children,
                                      hide=[str(self.submission_dir.resolve().parent)], cgroup=group)
                    self.children += 1
                    result = session.run()
                    self._note(result, group)
                    self.cpu += result.cpu_seconds
                    self.outcomes.update(result.outcomes)
                    self._after(result.ending, planned)
            finally:
                os.close(stdout)
                os.close(stderr)
            tail = self.limits.output_tail_bytes
            out, err = tail_of(scratch.io / "stdout.txt", tail), tail_of(scratch.io / "stderr.txt", tail)
        return RunReport(
            outcomes={call.id: self.outcomes[seq] for seq, call in enumerate(self.calls)},
            isolation=self.isolation,
            stdout_tail=out,
            stderr_tail=err,
            child_cpu_seconds=round(self.cpu, 6),
            wall_seconds=round(time.monotonic() - self.started, 6),
            restarts=max(0, self.children - 1),
            children=self.children,
            details=self.details,
        )

    @staticmethod
    def _node(call: Call, blob: InputBlob) -> dict:
        return {
            "id": call.id,
            "m": call.module,
            "f": call.function,
            "a": [blob.encode(a) for a in call.args],
            "k": [[k, blob.encode(v)] for k, v in call.kwargs.items()],
            "c": [list(path) for path in call.capture],
            **({"only": call.send_only} if call.send_only is not None else {}),
        }

    def _decide(self, seq: int, status: str, message: str) -> None:
        self.outcomes[seq] = CallOutcome(call_id=self.calls[seq].id, status=status, message=message)

    def _plan(self, nodes: list[dict]) -> list[Planned]:
        """The calls the next child must make; decides on the spot every call that cannot be made."""
        ids = {call.id: seq for seq, call in enumerate(self.calls)}
        planned: list[Planned] = []
        out_of_budget = time.monotonic() >= self.deadline - 0.05
        too_many = self.children > self.limits.max_restarts
        for seq, call in enumerate(self.calls):
            if seq in self.outcomes:
                continue
            if call.module in self.module_errors:
                self._decide(seq, st.IMPORT_ERROR, self.module_errors[call.module])
            elif call.group_key in self.dead_groups:
                self._decide(seq, st.SKIPPED, self.dead_groups[call.group_key])
            elif (lost := self._lost_ref(seq, ids)) is not None:
                self._decide(seq, st.SKIPPED, lost)
            elif out_of_budget:
                self._decide(seq, st.SKIPPED, f"not run: the run's time budget of {value_text(self.limits.run_seconds)} s ran out")
            elif too_many:
                self._decide(seq, st.SKIPPED, f"not run: the process was restarted {self.limits.max_restarts} times already")
            else:
                planned.append(Planned(seq, call, dict(nodes[seq])))
        wanted = {ref.call_id for p in planned for ref in self.given[p.seq]}
        for p in planned:
            p.node["s"] = p.seq
            p.node["keep"] = p.call.id in wanted
        return planned

    def _lost_ref(self, seq: int, ids: dict[str, int]) -> str | None:
        """Why a Ref of call `seq` cannot be resolved in a new child, or None: any earlier call already decided."""
        for ref in self.given[seq]:
            done = self.outcomes.get(ids[ref.call_id])
            if done is None:
                continue
            if done.status == st.OK:
                return (f"skipped: it needs the object call {ref.call_id} returned, which was lost "
                        "when the process had to be restarted after a timeout or crash")
            return f"skipped: it needs the result of call {ref.call_id}, which did not succeed ({done.status})"
        return None

    def _after(self, ending: Ending, planned: list[Planned]) -> None:
        """Blame the call or import a child's bad end happened in."""
        if ending.kind == "finished":
            return
        phase = ending.phase
        per_call = value_text(self.limits.call_seconds)
        if ending.kind == "budget":
            how = f"the run's time budget of {value_text(self.limits.run_seconds)} s ran out"
            status = st.TIMEOUT
        elif ending.kind == "timeout":
            how = f"did not finish within {per_call} s"
            status = st.TIMEOUT
        elif ending.kind == "violation":
            how = "the process sent the grader data it cannot accept (did the code write to the grader's channel?)"
            status = st.CRASHED
        else:
            how = ending.detail
            status = st.CRASHED
        if phase[0] == "import":
            module = phase[1]
            if ending.kind == "timeout":
                self.module_errors[module] = f"importing {module}.py did not finish within {per_call} s"
            else:
                self.module_errors[module] = f"importing {module}.py failed: {how}"
        elif phase[0] == "call":
            seq = phase[1]
            call = self.calls[seq]
            self._decide(seq, status, how)
            self.dead_groups.setdefault(
                call.group_key, f"skipped: an earlier call of the same group ({call.id}) ended with {status}: {how}"
            )
