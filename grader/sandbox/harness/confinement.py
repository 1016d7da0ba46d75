"""The child's own confinement: resource limits, the sandbox uid, capabilities of root given up,
a single thread before any restriction, the run's cgroup joined, and the watchdog."""

import os
import threading

from .libc import check

# prctl(2) constants (linux/prctl.h)
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38


def set_limits(limits):
    import resource

    def both(which, value):
        resource.setrlimit(which, (value, value))

    resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu"], limits["cpu"] + 1))
    both(resource.RLIMIT_AS, limits["as"])
    both(resource.RLIMIT_FSIZE, limits["fsize"])
    both(resource.RLIMIT_CORE, 0)
    both(resource.RLIMIT_NOFILE, limits["nofile"])
    both(resource.RLIMIT_NPROC, limits["nproc"])


def drop_privileges(uid):
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def only_thread(libc, ctypes):
    """Fail unless this process has a single thread (what confines it confines all it runs)."""
    try:
        count = len(os.listdir("/proc/self/task"))
    except OSError:  # no /proc here: the threads Python knows of, at least
        count = threading.active_count()
    if count != 1:
        raise OSError("the harness has %d threads before its confinement, expected 1" % count)


# capabilities (linux/capability.h, linux/prctl.h, linux/securebits.h)
PR_CAPBSET_DROP = 24
PR_SET_SECUREBITS = 28
PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 47, 4
SYS_CAPSET = {"x86_64": 126, "aarch64": 91}
#: NOROOT, NO_SETUID_FIXUP, NO_CAP_AMBIENT_RAISE, each with its lock (KEEP_CAPS locked off): an
#: exec as uid 0 regains no capability either.
SECUREBITS = 0x01 | 0x02 | 0x04 | 0x08 | 0x20 | 0x40 | 0x80
CAPABILITY_V3 = 0x20080522


def drop_capabilities(libc, ctypes):
    """Give up every capability of uid 0, for good: the effective, permitted and inheritable sets
    (must succeed), and, where CAP_SETPCAP allows it, the bounding set and the securebits (with
    no_new_privs already set an exec cannot regain a capability; these are a second wall)."""
    libc.prctl(PR_SET_SECUREBITS, SECUREBITS, 0, 0, 0)
    for capability in range(64):
        libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)  # EINVAL past the last one the kernel knows
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    header, data = Header(CAPABILITY_V3, 0), (Data * 2)()
    number = SYS_CAPSET.get(os.uname().machine)
    if number is None:
        raise OSError("no capset number for this machine: the capabilities of root cannot be dropped")
    check(libc.syscall(number, ctypes.byref(header), ctypes.byref(data)), ctypes, "capset")


def join_cgroup(paths):
    """Move this process into the run's cgroup (every hierarchy of it): its limits and its kill
    then cover everything the student starts, whatever session or uid it moves to."""
    for path in paths:
        with open(path, "w") as handle:
            handle.write("0")


def start_watchdog(fd, seconds):
    """End the process if the parent goes away or the run is long overdue."""
    import select

    def watch():
        try:
            select.select([fd], [], [], seconds)
        finally:
            os._exit(75)

    threading.Thread(target=watch, name="watchdog", daemon=True).start()
