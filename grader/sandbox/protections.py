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
    "root" (unsafe: only where the instructor allowed it)."""

    landlock: int
    """The Landlock ABI version that narrowed the child's file access (0: not in force)."""

    cgroup: str
    """"v2", "v1" or "none": whether one memory, process and CPU budget held the whole sandbox."""

    seccomp: bool
    """Whether a filter refused new namespaces (no nested user namespace) to the student's code."""

    weaker: tuple[str, ...]
    """What this run did not have that the strongest set-up has: ids of `WEAKER_IDS`."""

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


#: What a run may lack against the strongest set-up: stable ids (the JSON report carries them;
#: the sentences are the catalog's ``protections.weaker.<id>``, in `grader.presentation.labels`).
WEAKER_IDS = (
    "no_namespaces", "udp_dns_open", "network_open", "no_landlock", "no_landlock_network_open", "shared_tmp",
    "grader_uid", "root_uid", "no_cgroup", "session_sweep", "no_process_limit", "no_seccomp",
)


def describe(level: str, *, uid_kind: str, landlock: int, cgroup: str, seccomp: bool) -> IsolationReport:
    """The report of a run, with the ids of what was weaker than the strongest set-up."""
    namespaced = level == NAMESPACES
    weaker: list[str] = []
    if not namespaced:
        weaker.append("no_namespaces")
        # with the seccomp filter the child creates no socket at all (no TCP, UDP, DNS or UNIX socket)
        if not landlock:
            weaker.append("no_landlock" if seccomp else "no_landlock_network_open")
        elif not seccomp:
            weaker.append("udp_dns_open" if landlock >= 4 else "network_open")
        weaker.append("shared_tmp")
    if uid_kind != "fresh":
        weaker.append("root_uid" if uid_kind.startswith("root") else "grader_uid")
    if cgroup == "none":
        weaker.append("no_cgroup")
        if not namespaced:
            weaker.append("session_sweep")
        if uid_kind.startswith("root"):
            weaker.append("no_process_limit")
    if not seccomp:
        weaker.append("no_seccomp")
    return IsolationReport(
        level=level,
        namespaces=NAMESPACE_KINDS if namespaced else (),
        uid=uid_kind,
        landlock=landlock,
        cgroup=cgroup,
        seccomp=seccomp,
        weaker=tuple(weaker),
    )
