"""The child's life in order: the plan read and deleted, NumPy imported, the box entered, every
restriction put in force, then the probe's report or the planned calls."""

import importlib
import json
import os
import signal
import sys
import time

from .calls import Harness
from .channel import Channel
from .confinement import (
    PR_SET_NO_NEW_PRIVS,
    PR_SET_PDEATHSIG,
    drop_capabilities,
    drop_privileges,
    join_cgroup,
    only_thread,
    set_limits,
    start_watchdog,
)
from .landlock import landlock_restrict
from .libc import check, load_libc
from .newroot import build_root
from .numpy1_names import serve_numpy1_names
from .output import dropping_stream
from .seccomp import seccomp_no_namespaces
from .unavailable import UnavailableFinder


def main(argv):
    plan = read_plan(argv[1])
    channel = Channel(plan["channel"], plan["token"])
    # first of all: NumPy's memory and every process started from here on count in the run's cgroup
    join_cgroup(plan.get("cgroup_procs", ()))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails with EFBIG instead of killing us
    sys.dont_write_bytecode = True
    blob, np = load_inputs(plan)
    libc, ctypes = load_libc()
    box = enter_box(plan, libc, ctypes)
    confined = confine(plan, libc, ctypes)
    start_watchdog(plan["watchdog"], plan["wall"])  # inherits all of the above
    if plan.get("probe"):
        return probe(channel, box, confined)
    sys.path.insert(0, box)
    sys.meta_path.append(UnavailableFinder())
    sys.stdout, sys.stderr = dropping_stream(1), dropping_stream(2)
    channel.send({"k": "ready", "t": time.time(), "confined": confined})
    Harness(plan, channel, blob, np, box).run()


def read_plan(plan_path):
    """The parent's plan, deleted once read: afterwards only this process knows the run's token."""
    with open(plan_path, "rb") as handle:
        plan = json.loads(handle.read())
    try:
        os.unlink(plan_path)
    except OSError:
        pass
    return plan


def load_inputs(plan):
    """The calls' input arrays (one raw blob) and NumPy, giving back the names NumPy 2 removed
    (none for a probe, which needs neither)."""
    if plan.get("probe"):
        return bytearray(), None
    with open(plan["inputs"], "rb") as handle:
        blob = handle.read()
    sys.path.append(plan["numpy_path"])
    import numpy as np  # once, before the file system is narrowed

    serve_numpy1_names(np)
    return blob, np


def enter_box(plan, libc, ctypes):
    """Make the student's box the working directory (under namespaces, inside a new root); its path."""
    if plan["mode"] == "namespaces":
        box = build_root(plan, libc, ctypes)
        importlib.invalidate_caches()
        sys.path_importer_cache.clear()
        return box
    os.chdir(plan["box"])
    return plan["box"]


def confine(plan, libc, ctypes):
    """Put every restriction in force, in this order; what is in force, for the parent's report."""
    uid = plan.get("uid")
    set_limits(plan["limits"])
    if uid is not None:
        drop_privileges(uid)
    check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), ctypes, "no_new_privs")
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # cleared by the uid change: set again
    confined = {"uid": os.getuid(), "landlock": 0, "seccomp": False}
    # Landlock, seccomp, no_new_privs and capabilities hold for the calling thread and the threads
    # it starts later, not for threads already there: a student who runs code in such a thread (a
    # ctypes signal handler reached with tgkill) would be unconfined there.  So the process must be
    # single-threaded now, and the watchdog starts only once every restriction is in force.
    only_thread(libc, ctypes)
    rules = plan.get("landlock")
    if rules is not None:
        # the rules must hold if the parent asked for them: a failure here is a failure to start
        confined["landlock"] = landlock_restrict(rules, libc, ctypes)
        if plan.get("landlock_required") and not confined["landlock"]:
            raise OSError("Landlock was required but the kernel does not offer it")
    if plan.get("seccomp", True):
        confined["seccomp"] = seccomp_no_namespaces(libc, ctypes)
    if os.getuid() == 0:
        # root without a uid of its own (only with --allow-unsafe-same-uid): uid 0 stays, but no
        # capability does (no bpf, perf, module loading, raw sockets, reboot, CAP_DAC_*, ...)
        drop_capabilities(libc, ctypes)
    return confined


def probe(channel, box, confined):
    """Check that the isolation holds: the box is writable, the rest read-only or absent."""
    results = dict(confined)
    try:
        with open(os.path.join(box, "probe.txt"), "w") as handle:
            handle.write("ok")
        results["box"] = True
    except OSError:
        results["box"] = False
    try:
        open("/probe.txt", "w").close()
        results["root_readonly"] = False
    except OSError:
        results["root_readonly"] = True
    results["uid"] = os.getuid()
    channel.send({"k": "ready", "probe": results})
    channel.send({"k": "bye"})
