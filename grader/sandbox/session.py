"""One child's life: start it, follow its records, enforce the clock, and say how it ended.

The rules about what an ending means for the other calls (skips, restarts)
are the runner's; a session only reports what happened.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import outcome as st
from .call import Call
from .cgroup import SandboxCgroup
from .child import Child, death_message
from .clock import CallClock
from .isolation import NAMESPACES, IsolationRefused, hidden_inside_binds, landlock_rules, layout, policy, reachable_by_others, sandbox_uid
from .limits import SandboxLimits
from .numpy1 import REPLACEMENTS as NUMPY1_NAMES
from .outcome import CallOutcome
from .scratch import Scratch, tail_of
from .wire import ProtocolError, RecordReader, ValueDecoder

#: The package the child runs (its source files are shipped into each run's scratch directory).
HARNESS = Path(__file__).with_name("harness")
CHILD_STATUSES = {st.OK, st.ERROR, st.CRASHED, st.SKIPPED, st.IMPORT_ERROR, st.MISSING_FUNCTION, st.NOT_CALLABLE}
MAX_MESSAGE = 4000


class SandboxError(RuntimeError):
    """The sandbox itself failed (not the student's code): the child could not even start."""

    def __init__(self, reason: str, stderr: str = ""):
        super().__init__(reason + (f"; the child's stderr ends with: {stderr[-1500:]}" if stderr else ""))
        self.reason = reason
        self.stderr = stderr


@dataclass
class Planned:
    """A call as the plan of one child holds it."""

    seq: int
    call: Call
    node: dict  # the JSON the harness reads


@dataclass
class Ending:
    """How a session ended: "finished", "died", "timeout", "budget" or "violation"."""

    kind: str
    phase: tuple = ("idle",)
    """Where the child was: ("starting",), ("idle",), ("import", module) or ("call", seq)."""
    detail: str = ""


@dataclass
class SessionResult:
    outcomes: dict[int, CallOutcome] = field(default_factory=dict)
    ending: Ending = field(default_factory=lambda: Ending("finished"))
    cpu_seconds: float = 0.0
    confined: dict = field(default_factory=dict)
    """What the child said was in force before any student code ran: uid, landlock ABI, seccomp."""
    uid_kind: str = ""
    """"fresh", "grader" or "root (unsafe, allowed by the instructor)"."""


class Session:
    """Runs `planned` (in order) in one new child."""

    def __init__(self, scratch: Scratch, planned: Sequence[Planned], *, isolation: str, limits: SandboxLimits,
                 inputs: Path, stdout: int, stderr: int, deadline: float, number: int, hide: Sequence[str] = (),
                 cgroup: SandboxCgroup | None = None):
        self.scratch = scratch
        self.planned = list(planned)
        self.isolation = isolation
        self.limits = limits
        self.inputs = inputs
        self.stdout = stdout
        self.stderr = stderr
        self.deadline = deadline
        self.number = number
        self.hide = list(hide)
        self.cgroup = cgroup
        self.token = secrets.token_hex(16)
        self.uid_kind = ""

    # ------------------------------------------------------------ starting

    def _plan(self, child: Child, probe: bool = False) -> dict[str, Any]:
        limits = self.limits
        namespaced = self.isolation == NAMESPACES
        uid = sandbox_uid() if namespaced or reachable_by_others(self.scratch.path) else None
        if uid is not None:
            self.uid_kind = "fresh"
        elif os.geteuid() != 0:
            self.uid_kind = "grader"
        elif policy().allow_unsafe_same_uid:
            self.uid_kind = "root"  # unsafe, allowed by the instructor
        else:
            raise IsolationRefused(
                "student code would run as root: no unprivileged uid can be had here (the grader runs as root "
                "without namespaces, and Python or NumPy is not readable by other users). Make the interpreter "
                "and NumPy readable by all users, or run where namespaces work; --allow-unsafe-same-uid runs "
                "it as root anyway")
        child.uid = uid if not namespaced else None
        plan: dict[str, Any] = {
            "token": self.token,
            "mode": "namespaces" if namespaced else "rlimits",
            "probe": probe,
            "inputs": str(self.inputs),
            "files": str(self.scratch.files),
            "root": str(self.scratch.root),
            "uid": uid,
            "box_bytes": limits.scratch_bytes,
            "box_inodes": limits.scratch_inodes,
            "cgroup_procs": self.cgroup.procs_files if self.cgroup is not None else [],
            "wall": max(1.0, self.deadline - time.monotonic()) + 10.0,
            "limits": {
                "cpu": int(limits.cpu_seconds),
                "as": int(limits.memory_bytes),
                "fsize": int(limits.file_bytes),
                "nofile": int(limits.open_files),
                "nproc": int(limits.processes),
            },
            "caps": {
                "array_bytes": limits.array_bytes,
                "result_bytes": limits.result_bytes,
                "nodes": 20_000,
                "depth": 20,
                "str": 10_000,
                "list_items": 1_000_000,
            },
            "calls": [p.node for p in self.planned],
            **child.fds,
        }
        if plan["mode"] == "namespaces":
            where = layout()
            plan["binds"] = where["binds"]
            plan["devices"] = where["devices"]
            plan["hide"] = hidden_inside_binds(where["binds"], where["hide"] + self.hide)
            plan["numpy_path"] = where["numpy_path"]
        else:
            plan["numpy_path"] = str(self.scratch.python_path())
            plan["box"] = str(self.scratch.fresh_box(uid))
            rules = landlock_rules()
            rules["write"] = [plan["box"]]
            plan["landlock"] = rules
        return plan

    def _start(self, child: Child, probe: bool = False) -> None:
        plan = self._plan(child, probe)
        harness = self.scratch.harness(HARNESS)
        plan_path = self.scratch.io / f"plan-{self.number}.json"
        plan_path.write_text(json.dumps(plan, allow_nan=True))
        namespaced = plan["mode"] == "namespaces"
        cwd = self.scratch.path if namespaced else Path(plan["box"])
        home = "/submission" if namespaced else plan["box"]
        child.start(harness, plan_path, namespaced=namespaced, cwd=cwd, stdout=self.stdout, stderr=self.stderr, home=home)

    # ------------------------------------------------------------ running

    def run(self) -> SessionResult:
        result = SessionResult()
        child = Child(self.cgroup)
        oom_before = self.cgroup.oom_kills() if self.cgroup is not None else 0
        try:
            self._start(child)
            result.uid_kind = self.uid_kind
            result.ending = self._follow(child, result)
        finally:
            child.kill()
            child.reap()
            result.cpu_seconds = child.cpu_seconds
            child.close()
        if result.ending.kind == "died":
            result.ending.detail = death_message(child.status)
            if self.cgroup is not None and self.cgroup.oom_kills() > oom_before:
                result.ending.detail = ("the process was ended by SIGKILL: the sandbox went over its memory limit "
                                        f"({self.limits.memory_bytes >> 20} MiB for all its processes together)")
        if result.ending.phase == ("starting",) and result.ending.kind != "budget":
            raise SandboxError(f"the sandbox child did not start ({result.ending.kind}: {result.ending.detail or death_message(child.status)})",
                               tail_of(self.scratch.io / "stderr.txt", 3000))
        return result

    def _follow(self, child: Child, result: SessionResult) -> Ending:
        limits = self.limits
        reader = RecordReader(self.token, max_header=4 << 20, max_payload=limits.result_bytes + (1 << 20),
                              max_total=limits.result_bytes + (64 << 20))
        phase: tuple = ("starting",)
        began = time.monotonic()
        clock = CallClock(self.cgroup)
        backstop = limits.call_seconds * max(1.0, limits.wall_factor)
        position = 0
        while True:
            now = time.monotonic()
            if now >= self.deadline:
                return Ending("budget", phase)
            if phase[0] == "starting":
                left = began + limits.startup_seconds - now
            else:
                # between two calls the harness only handles our own data: it gets the same time as a call
                own, wall = clock.used()
                left = min(limits.call_seconds - own, backstop - wall)
                left = min(left, 0.5)  # look again: the sandbox's own time may run faster than the wall's
            if left <= 0:
                return Ending("timeout", phase)
            readable, exited = child.wait(min(left, self.deadline - now))
            if not (readable or exited):
                continue
            moved = False
            try:
                for _ in range(64):  # then look at the clock again, however fast the child writes
                    data = child.read()
                    if data is None:
                        exited = True
                        break
                    if not data:
                        break
                    for record, payload in reader.feed(data):
                        before = phase
                        phase, began, position, finished = self._handle(child, record, payload, phase, began, position, result)
                        if before == ("starting",):
                            clock.follow(child.harness_pid)
                        moved = True
                        if finished:
                            # let it exit by itself: its CPU time is counted only once it is reaped
                            child.wait_exit(1.0)
                            return Ending("finished")
            except ProtocolError as exc:
                return Ending("violation", phase, str(exc))
            if moved:
                # the phase the last record began is timed from here: once per read, not per record
                # (a read holds a few hundred records of fast calls, and each restart reads two
                # kernel files); the records handled since it arrived took the grader microseconds
                clock.restart()
            if exited:
                child.wait_exit(0.5)  # the channel may close a moment before the exit status exists
                return Ending("died", phase)

    def _handle(self, child: Child, record: dict, payload: bytes, phase: tuple, began: float, position: int,
                result: SessionResult) -> tuple[tuple, float, int, bool]:
        kind = record["k"]
        now = time.monotonic()
        expected = self.planned[position] if position < len(self.planned) else None
        if kind == "ready":
            if phase != ("starting",):
                raise ProtocolError("a second ready record")
            child.note_ready()
            confined = record.get("confined")
            result.confined = confined if type(confined) is dict else {}
            return ("idle",), now, position, False
        if phase == ("starting",):
            raise ProtocolError("a record before the child was ready")
        if kind == "bye":
            if expected is not None:
                raise ProtocolError("the child said goodbye before the last call")
            return ("idle",), now, position, True
        if expected is None:
            raise ProtocolError("a record after the last call")
        if kind == "import":
            if phase != ("idle",) or record.get("m") != expected.call.module:
                raise ProtocolError("an import out of order")
            return ("import", expected.call.module), now, position, False
        if kind == "start":
            if phase[0] not in ("idle", "import") or record.get("s") != expected.seq:
                raise ProtocolError("a call started out of order")
            return ("call", expected.seq), now, position, False
        # kind == "done"
        if record.get("s") != expected.seq:
            raise ProtocolError("a call finished out of order")
        # the child's own measure: "start" and "done" often arrive in one read; informational only
        claimed = record.get("sec", 0.0)
        seconds = min(float(claimed), self.limits.call_seconds) if type(claimed) in (int, float) and claimed >= 0 else 0.0
        result.outcomes[expected.seq] = self._outcome(expected.call, record, payload, seconds)
        return ("idle",), now, position + 1, False

    def _outcome(self, call: Call, record: dict, payload: bytes, seconds: float) -> CallOutcome:
        status = record.get("st")
        message = record.get("msg", "")
        if status not in CHILD_STATUSES or type(message) is not str:
            raise ProtocolError("a bad status")
        decoder = ValueDecoder(payload)
        value, type_name = None, ""
        types: dict[tuple, str] = {}
        if status == st.OK:
            if "v" not in record:
                raise ProtocolError("a result without a value")
            value, types = decoder.decode(record["v"])
            type_name = record.get("y", "")
            if type(type_name) is not str or len(type_name) > 200:
                raise ProtocolError("a bad type name")
        elif "v" in record:
            raise ProtocolError("a value with a failed call")
        trees = record.get("c", [])
        if type(trees) is not list or len(trees) not in (0, len(call.capture)):
            raise ProtocolError("captures that do not match the call")
        captured = tuple(decoder.decode(tree)[0] for tree in trees)
        return CallOutcome(
            call_id=call.id,
            status=status,
            message=message[:MAX_MESSAGE],
            value=value,
            captured=captured,
            type_name=type_name,
            seconds=round(seconds, 6),
            types=types,
            numpy1=tuple(name for name in record.get("np1", ()) if type(name) is str and name in NUMPY1_NAMES)[:40]
            if type(record.get("np1", ())) is list else (),
        )

    # ------------------------------------------------------------ probing

    def probe(self) -> dict:
        """Start a child that only sets up the isolation and reports what it sees."""
        child = Child(self.cgroup)
        reader = RecordReader(self.token, max_header=1 << 16, max_payload=0, max_total=1 << 20)
        found: dict = {}
        try:
            self._start(child, probe=True)
            stop = time.monotonic() + self.limits.startup_seconds
            while time.monotonic() < stop:
                readable, exited = child.wait(stop - time.monotonic())
                data = child.read() if readable or exited else b""
                if data:
                    for record, _ in reader.feed(data):
                        if record["k"] == "ready":
                            found = record.get("probe") or {}
                        elif record["k"] == "bye":
                            return found
                if data is None or (exited and not data):
                    return {}
            return {}
        finally:
            child.kill()
            child.reap()
            child.close()
