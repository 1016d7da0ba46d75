"""What isolation was in force for a run, in a form every report can carry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .isolation import NAMESPACES

#: The namespaces the child gets at the namespaces level (see child.UNSHARE_FLAGS).
NAMESPACE_KINDS = ("network", "pid", "mount", "ipc", "uts")


@dataclass(frozen=True)
class IsolationReport:
    """The protections a sandbox run actually had (the child states its own, before any student code)."""

    level: str
    """"namespaces+rlimits" or "rlimits"."""

    namespaces: tuple[str, ...]
    """The new namespaces the child ran in (none at the rlimits level)."""

    uid: str
    """"fresh" (an unprivileged uid of its own), "grader" (the grader's own, not root) or
    "root (unsafe, allowed by the instructor)"."""

    landlock: int
    """The Landlock ABI version that narrowed the child's file access (0: not in force)."""

    cgroup: str
    """"v2", "v1" or "none": whether one memory, process and CPU budget held the whole sandbox."""

    seccomp: bool
    """Whether a filter refused new namespaces (no nested user namespace) to the student's code."""

    weaker: tuple[str, ...]
    """What this run did not have that the strongest set-up has, one sentence each."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "namespaces": list(self.namespaces),
            "uid": self.uid,
            "landlock": self.landlock,
            "cgroup": self.cgroup,
            "seccomp": self.seccomp,
            "weaker": list(self.weaker),
        }


def describe(level: str, *, uid_kind: str, landlock: int, cgroup: str, seccomp: bool) -> IsolationReport:
    """The report of a run, with the sentences that say what was weaker than the strongest set-up."""
    namespaced = level == NAMESPACES
    weaker: list[str] = []
    if not namespaced:
        weaker.append("no namespaces: the child shares the machine's network, processes and file system view")
        # with the seccomp filter the child creates no socket at all (no TCP, UDP, DNS or UNIX socket)
        if not landlock:
            weaker.append("no Landlock: the child can read every file its uid can read (the grader and the reference "
                          "if readable)" + ("" if seccomp else " and use the network"))
        elif not seccomp:
            weaker.append("UDP, DNS and UNIX sockets are not blocked (Landlock blocks TCP connects only)" if landlock >= 4
                          else "the network is not blocked (Landlock below ABI 4 has no network rules)")
        weaker.append("the scratch box is on the machine's temporary file system: no inode or size limit of its own")
    if uid_kind != "fresh":
        weaker.append("the child runs under the grader's own uid" + (" (root, without capabilities): it can signal "
                      "root's processes and read and write root's files, within Landlock's rules" if uid_kind.startswith("root") else ""))
    if cgroup == "none":
        weaker.append("no cgroup: memory and process limits count per process (RLIMIT_AS, RLIMIT_NPROC), not for the "
                      "sandbox as a whole; shared memory and tmpfs pages are not counted; CPU time of a call is the "
                      "harness's own plus its reaped children's")
        if not namespaced:
            weaker.append("processes that leave the session are found by uid or by the harness's command line only")
        if uid_kind.startswith("root"):
            weaker.append("no process limit at all: uid 0 is exempt from RLIMIT_NPROC")
    if not seccomp:
        weaker.append("no seccomp filter: the student's code may create user namespaces where the kernel allows them, "
                      "and reach the kernel's bpf, perf, io_uring and keyrings")
    return IsolationReport(
        level=level,
        namespaces=NAMESPACE_KINDS if namespaced else (),
        uid=uid_kind,
        landlock=landlock,
        cgroup=cgroup,
        seccomp=seccomp,
        weaker=tuple(weaker),
    )
