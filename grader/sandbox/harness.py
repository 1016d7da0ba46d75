"""The sandbox child: runs a student's functions and reports each result.

This file is a standalone script.  The parent copies it into the run's
scratch directory and starts it with ``python -s -S -P -B harness.py PLAN``;
it must never import the grader (the grader is hidden from it).

What it does, in order:

1. Read the plan (JSON written by the parent) and the input arrays
   (one raw blob), then delete the plan: only this process knows the
   run's token afterwards.
2. Import NumPy (before any isolation, so that NumPy needs nothing later).
3. Under "namespaces": build a new root on a tmpfs holding only the
   standard library, NumPy, a few system directories (read-only), a
   fresh /proc, /dev/null & co, and the student's files on a small tmpfs;
   chroot into it.  Set the resource limits, drop to the sandbox uid,
   forbid new privileges.
4. Start a watchdog thread that ends the process when the parent goes
   away (its end of a pipe closes) or the run's wall budget is long past.
5. For each planned call: announce it on the channel, import the module
   on first use, call the function, convert the result to plain data and
   send it.  Everything the student writes to stdout/stderr goes to the
   files the parent opened for fds 1 and 2.

Channel records are one JSON line each, optionally followed by ``n`` raw
bytes (the arrays of a result, concatenated).  Every record carries the
run's token; the parent checks order and shape of everything it reads.
"""

import importlib
import io
import json
import os
import signal
import sys
import threading
import time
import traceback  # now: after the uid change the standard library may be out of reach

_WRITE = os.write
_DUMPS = json.JSONEncoder(allow_nan=True, separators=(",", ":"), ensure_ascii=True).encode

# mount(2) and prctl(2) constants (linux/fs.h, linux/prctl.h)
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38

NEW_BOX = "/submission"


class Channel:
    """The write end of the pipe to the parent."""

    def __init__(self, fd, token):
        self.fd = fd
        self.token = token

    def send(self, record, payload=()):
        record["tok"] = self.token
        data = _DUMPS(record).encode("ascii") + b"\n"
        self._write_all(memoryview(data))
        for part in payload:
            self._write_all(memoryview(part).cast("B"))

    def _write_all(self, view):
        while len(view):
            written = _WRITE(self.fd, view)
            view = view[written:]


# ---------------------------------------------------------------- isolation


def _libc():
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p)
    return libc, ctypes


def _check(result, ctypes, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, "%s: %s" % (what, os.strerror(errno)))


def build_root(plan, libc, ctypes):
    """Mount the child's view of the file system and chroot into it."""

    def mount(source, target, fstype, flags, data=None):
        enc = lambda s: None if s is None else s.encode()  # noqa: E731
        _check(libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), ctypes, "mount %s" % target)

    root = plan["root"]
    uid = plan["uid"]
    # our own copy of the mount tree must not propagate back to the host
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")

    def inside(path):
        return root + path

    # The private /tmp comes first: a bind below /tmp (NumPy in a virtual environment under /tmp)
    # then stands on top of it instead of being covered by it.
    os.makedirs(inside("/tmp"))
    mount("tmpfs", inside("/tmp"), "tmpfs", MS_NOSUID | MS_NODEV,
          "size=%d,nr_inodes=%d,mode=1777" % (plan["box_bytes"], plan.get("box_inodes", 4096)))
    binds = plan["binds"]

    def below(path, other):
        return other.startswith(path.rstrip("/") + "/")

    # Parents before children: a hidden directory (an empty tmpfs) may hold a bind (NumPy inside a
    # hidden site-packages), and a bind may hold a hidden directory (site-packages inside the stdlib).
    entries = [(path, "bind") for path in binds]
    entries += [(path, "hide") for path in plan["hide"] if path != "/tmp"]
    entries.sort(key=lambda entry: (entry[0].rstrip("/").count("/"), entry[1] == "bind"))
    hidden = []
    for path, kind in entries:
        if kind == "hide":
            if not (os.path.isdir(inside(path)) or any(below(path, bound) for bound in binds)):
                continue  # nothing of it is in the new root
            os.makedirs(inside(path), exist_ok=True)
            mount("tmpfs", inside(path), "tmpfs", MS_NOSUID | MS_NODEV, "size=4k,mode=0555")
            hidden.append(path)
            continue
        if os.path.islink(path):
            target = os.readlink(path)
            os.makedirs(os.path.dirname(inside(path)), exist_ok=True)
            os.symlink(target, inside(path))
            continue
        if not os.path.exists(path):
            continue
        if os.path.isdir(path):
            os.makedirs(inside(path), exist_ok=True)
        else:
            os.makedirs(os.path.dirname(inside(path)), exist_ok=True)
            open(inside(path), "w").close()
        mount(path, inside(path), None, MS_BIND | MS_REC)
        mount(None, inside(path), None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    for path in plan["devices"]:
        os.makedirs(os.path.dirname(inside(path)), exist_ok=True)
        open(inside(path), "w").close()
        mount(path, inside(path), None, MS_BIND)
        mount(None, inside(path), None, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NOEXEC)
    for path in hidden:
        mount(None, inside(path), None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    box = inside(NEW_BOX)
    os.makedirs(box)
    mount("tmpfs", box, "tmpfs", MS_NOSUID | MS_NODEV,
          "size=%d,nr_inodes=%d,mode=0700,uid=%d,gid=%d" % (plan["box_bytes"], plan.get("box_inodes", 4096), uid, uid))
    for name in sorted(os.listdir(plan["files"])):
        with open(os.path.join(plan["files"], name), "rb") as src, open(os.path.join(box, name), "wb") as dst:
            dst.write(src.read())
        os.chown(os.path.join(box, name), uid, uid)
    os.makedirs(inside("/proc"))
    mount("proc", inside("/proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    mount(None, root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.chdir(root)
    if not _pivot_root(libc, ctypes):
        os.chroot(".")
    os.chdir(NEW_BOX)
    return NEW_BOX


def _pivot_root(libc, ctypes):
    """Make the current directory the root and detach the old one: the host's file system is then
    gone from this mount namespace altogether, not merely out of reach as after chroot."""
    number = {"x86_64": 155, "aarch64": 41, "riscv64": 41}.get(os.uname().machine)
    if number is None:
        return False
    if libc.syscall(number, b".", b".") != 0:
        return False
    _check(libc.umount2(b".", MNT_DETACH), ctypes, "umount the old root")
    os.chdir("/")
    return True


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


# ---------------------------------------------------------------- confinement (Landlock, seccomp, cgroup)

# Landlock (linux/landlock.h): the syscall numbers are the same on every architecture.
SYS_LANDLOCK_CREATE_RULESET = 444
SYS_LANDLOCK_ADD_RULE = 445
SYS_LANDLOCK_RESTRICT_SELF = 446
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1, 2, 4, 8
FS_TRUNCATE, FS_IOCTL_DEV = 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2


def landlock_abi(libc, ctypes):
    """The Landlock ABI version the kernel offers (0: none)."""
    version = libc.syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    return max(0, version)


def landlock_handled_fs(abi):
    """Every file-system right the kernel's ABI knows: what is not granted below is then denied."""
    handled = (1 << 13) - 1  # ABI 1: execute .. make_sym
    if abi >= 2:
        handled |= 1 << 13  # refer
    if abi >= 3:
        handled |= FS_TRUNCATE
    if abi >= 5:
        handled |= FS_IOCTL_DEV
    return handled


def landlock_restrict(rules, libc, ctypes):
    """Deny this process (and all it starts) every file access but `rules` ({"read": [...], "write":
    [...], "devices": [...]}), every TCP bind and connect, signals and abstract sockets outside the
    sandbox where the ABI knows them.  Returns the ABI in force, 0 if the kernel has no Landlock."""
    abi = landlock_abi(libc, ctypes)
    if abi < 1:
        return 0
    handled = landlock_handled_fs(abi)

    class RulesetAttr(ctypes.Structure):
        _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]

    class PathBeneath(ctypes.Structure):
        _pack_ = 1
        _fields_ = [("allowed", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

    attr = RulesetAttr(handled, 0, 0)
    size = 8
    if abi >= 4:
        attr.net = NET_BIND_TCP | NET_CONNECT_TCP
        size = 16
    if abi >= 6:
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
        size = 24
    ruleset = libc.syscall(SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")
    file_rights = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | (FS_TRUNCATE if abi >= 3 else 0) | (FS_IOCTL_DEV if abi >= 5 else 0)
    read_dir = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
    read_file = FS_EXECUTE | FS_READ_FILE
    device = FS_READ_FILE | FS_WRITE_FILE | (FS_TRUNCATE if abi >= 3 else 0) | (FS_IOCTL_DEV if abi >= 5 else 0)
    try:
        grants = [(path, "read") for path in rules.get("read", ())]
        grants += [(path, "write") for path in rules.get("write", ())]
        grants += [(path, "device") for path in rules.get("devices", ())]
        for path, kind in grants:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC | os.O_NOFOLLOW)
            except OSError:
                continue  # not on this machine: nothing to grant
            try:
                is_dir = os.path.isdir("/proc/self/fd/%d" % fd)
                if kind == "write":
                    allowed = handled if is_dir else file_rights
                elif kind == "device":
                    allowed = device
                else:
                    allowed = read_dir if is_dir else read_file
                rule = PathBeneath(allowed & handled, fd)
                if libc.syscall(SYS_LANDLOCK_ADD_RULE, ruleset, LANDLOCK_RULE_PATH_BENEATH, ctypes.byref(rule), 0) != 0:
                    raise OSError(ctypes.get_errno(), "landlock_add_rule %s" % path)
            finally:
                os.close(fd)
        if libc.syscall(SYS_LANDLOCK_RESTRICT_SELF, ruleset, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    return abi


# seccomp (linux/seccomp.h, linux/filter.h, linux/audit.h): no new namespaces for the student.
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
BPF_LD_W_ABS, BPF_JEQ_K, BPF_JGE_K, BPF_JSET_K, BPF_RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
EPERM, ENOSYS = 1, 38
#: arch -> (AUDIT_ARCH value, unshare, clone, clone3, setns)
SECCOMP_ARCHES = {
    "x86_64": (0xC000003E, 272, 56, 435, 308),
    "aarch64": (0xC00000B7, 97, 220, 435, 268),
}
#: arch -> shmget, semget, msgget: SysV IPC objects outlive the process that made them (no IPC
#: namespace at the rlimits level); Python and NumPy never use them.
SYSV_IPC = {"x86_64": (29, 64, 68), "aarch64": (194, 190, 186)}
#: arch -> syscalls no student function needs that open the kernel or other processes to it: ptrace,
#: process_vm_readv/writev, pidfd_getfd, bpf, perf_event_open, userfaultfd, io_uring (its operations bypass this
#: filter), the keyrings (add_key, request_key, keyctl: a key would outlive the run in the uid's
#: keyring), open_by_handle_at, module loading, kexec and reboot.
KERNEL_SURFACE = {
    "x86_64": (101, 310, 311, 438, 321, 298, 323, 425, 426, 427, 248, 249, 250, 304, 175, 313, 176, 246, 320, 169),
    "aarch64": (117, 270, 271, 438, 280, 241, 282, 425, 426, 427, 217, 218, 219, 265, 105, 273, 106, 104, 294, 142),
}
#: arch -> socket: no socket of any family.  Without namespaces the child shares the machine's
#: network and its UNIX sockets (Landlock up to ABI 7 covers TCP only and no UNIX socket path: a
#: student connected to a listening socket of the host, the container runtime's or the bus's);
#: student code needs none.  socketpair stays (an unnamed pair reaches nothing).
SOCKETS = {"x86_64": (41,), "aarch64": (198,)}
#: arch -> chmod, chown, utime and xattr setters, every variant: Landlock (up to ABI 7) does not cover
#: them, so without namespaces a child under the grader's uid changed the modes, times and xattrs of
#: the grader's files outside its box (chmod 0644 of a 0600 secret; as root, a setuid bit on root's
#: programs).  Student code has no use for them; files it creates get their mode from open and mkdir.
FILE_ATTRIBUTES = {
    "x86_64": (90, 91, 268, 452, 92, 93, 94, 260, 132, 235, 261, 280, 188, 189, 190, 197, 198, 199, 463, 466),
    "aarch64": (52, 53, 452, 55, 54, 88, 5, 6, 7, 14, 15, 16, 463, 466),
}
#: CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET
CLONE_NEW_ANY = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000
CLONE_NEWTIME = 0x00000080  # unshare only: in clone's flags these bits are the exit signal


def seccomp_no_namespaces(libc, ctypes):
    """Refuse unshare/clone with any CLONE_NEW* flag and setns (EPERM), clone3 (ENOSYS: the C
    library then falls back to clone, whose flags can be inspected): no nested user namespace,
    so no "root in a userns", no private tmpfs that escapes the memory limit.  SysV shared
    memory, semaphores and message queues are refused too, and so are sockets, changes of files'
    modes, owners, times and xattrs, and the kernel interfaces of KERNEL_SURFACE.  True if installed."""
    arch = SECCOMP_ARCHES.get(os.uname().machine)
    if arch is None:
        return False
    audit, unshare, clone, clone3, setns = arch
    deny = SECCOMP_RET_ERRNO | EPERM
    ipc = []
    machine = os.uname().machine
    for number in SYSV_IPC[machine] + KERNEL_SURFACE[machine] + SOCKETS[machine] + FILE_ATTRIBUTES[machine]:
        ipc += [(BPF_JEQ_K, 0, 1, number), (BPF_RET_K, 0, 0, deny)]
    program = [
        (BPF_LD_W_ABS, 0, 0, 4),  # arch
        (BPF_JEQ_K, 1, 0, audit),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS),  # another ABI (i386 on x86_64): nothing at all
        (BPF_LD_W_ABS, 0, 0, 0),  # syscall number
        (BPF_JGE_K, 0, 1, 0x40000000),  # the x32 ABI
        (BPF_RET_K, 0, 0, deny),
        *ipc,
        (BPF_JEQ_K, 0, 1, clone3),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS),
        (BPF_JEQ_K, 0, 1, setns),
        (BPF_RET_K, 0, 0, deny),
        (BPF_JEQ_K, 0, 3, unshare),
        (BPF_LD_W_ABS, 0, 0, 16),  # args[0], low half: the flags
        (BPF_JSET_K, 4, 5, CLONE_NEW_ANY | CLONE_NEWTIME),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),  # (unreached)
        (BPF_JEQ_K, 0, 3, clone),
        (BPF_LD_W_ABS, 0, 0, 16),
        (BPF_JSET_K, 0, 1, CLONE_NEW_ANY),
        (BPF_RET_K, 0, 0, deny),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
    ]
    # jumps count from the next instruction: unshare's JSET goes 4 ahead (deny) or 5 (allow)

    class SockFilter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(SockFilter))]

    filters = (SockFilter * len(program))(*[SockFilter(*op) for op in program])
    prog = SockFprog(len(program), filters)
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "seccomp")
    return True


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
    _check(libc.syscall(number, ctypes.byref(header), ctypes.byref(data)), ctypes, "capset")


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


# ---------------------------------------------------------------- conversion


class Encoder:
    """Turns a returned object into plain data: a JSON tree plus raw array bytes.

    Only exact built-in and NumPy types are looked into, through the base
    classes' own methods, so that no method of a student's object runs.
    """

    def __init__(self, np, caps):
        self.np = np
        self.caps = caps
        self.sent = 0  # bytes of arrays sent over the whole run
        self.scalars = {t for t in np.sctypeDict.values() if isinstance(t, type)}

    def encode(self, obj):
        self.nodes = 0
        self.payload = []
        self.offset = 0
        node = self._node(obj, 0)
        return node, self.payload, self.offset

    def _node(self, obj, depth):
        np = self.np
        self.nodes += 1
        t = type(obj)
        if obj is None or t is bool or t is float:
            return obj
        if t is int:
            return obj if obj.bit_length() < 64 else self._opaque(t, "integer too large")
        if t is str:
            return obj if len(obj) <= self.caps["str"] else self._opaque(t, "string too long")
        if self.nodes > self.caps["nodes"] or depth > self.caps["depth"]:
            return self._opaque(t, "too large or too deeply nested")
        if issubclass(t, np.ndarray):
            return self._array(np.ndarray.view(obj, np.ndarray), t)
        if t in self.scalars:
            return self._numpy_scalar(obj, t)
        if issubclass(t, float):
            return {"v": float.__float__(obj), "y": type_name(t)}
        if issubclass(t, int):
            value = int.__int__(obj)
            return {"v": value, "y": type_name(t)} if value.bit_length() < 64 else self._opaque(t, "integer too large")
        if issubclass(t, str):
            return {"v": str.__str__(obj)[: self.caps["str"]], "y": type_name(t)}
        if issubclass(t, list):
            items = list.__getitem__(obj, slice(None))
            converted = self._numeric_list(items, t)
            if converted is not None:
                return converted
            return self._tagged("l", [self._node(x, depth + 1) for x in items], t, list)
        if issubclass(t, tuple):
            items = tuple.__getitem__(obj, slice(None))
            return self._tagged("t", [self._node(x, depth + 1) for x in items], t, tuple)
        if issubclass(t, dict):
            pairs = list(dict.items(obj))
            if not all(type(k) is str and len(k) <= 200 for k, _ in pairs):
                return self._opaque(t, "keys that are not short strings")
            return self._tagged("d", [[k, self._node(v, depth + 1)] for k, v in pairs], t, dict)
        return self._opaque(t, "")

    def _tagged(self, tag, items, t, base):
        node = {tag: items}
        if t is not base:
            node["y"] = type_name(t)
        return node

    def _opaque(self, t, why):
        node = {"o": type_name(t)}
        if why:
            node["why"] = _printable(why)[:200]
        return node

    def _numpy_scalar(self, obj, t):
        kind = self.np.dtype(t).kind
        if kind == "b":
            return {"v": bool(obj), "y": type_name(t)}
        if kind in "iu":
            value = int(obj)
            return {"v": value, "y": type_name(t)} if value.bit_length() < 64 else {"v": float(value), "y": type_name(t)}
        if kind == "f":
            return {"v": float(obj), "y": type_name(t)}
        return self._opaque(t, "not a real number")

    def _numeric_list(self, items, t):
        """A (nested) list of plain numbers, as one array; None if it is anything else."""
        np = self.np
        if not items:
            return None  # an empty list stays a list: it holds no numbers to speak of
        stack = [items]
        count = 0
        while stack:
            for x in stack.pop():
                tx = type(x)
                count += 1
                if count > self.caps["list_items"]:
                    return None
                if tx is list:
                    stack.append(x)
                elif not (tx is float or tx is int or tx is bool or tx in self.scalars):
                    return None
        try:
            array = np.array(items)
        except (ValueError, TypeError, OverflowError):
            return None
        if array.dtype.kind not in "biuf":
            return None
        return self._array(array, t)

    def _array(self, array, t):
        np = self.np
        kind = array.dtype.kind
        if kind == "b":
            dtype = "|b1"
        elif kind == "i" or (kind == "u" and array.dtype.itemsize < 8):
            dtype = "<i8"
        elif kind in "uf":
            dtype = "<f8"
        else:
            return self._opaque(t, "an array of dtype %s" % array.dtype)
        nbytes = array.size * (1 if dtype == "|b1" else 8)
        if nbytes > self.caps["array_bytes"] or self.sent + nbytes > self.caps["result_bytes"]:
            return self._opaque(t, "an array too large to send (%d bytes)" % nbytes)
        data = np.ascontiguousarray(array, dtype=dtype)
        node = {"a": [dtype, list(array.shape), self.offset, nbytes]}
        if t is not np.ndarray:
            node["y"] = type_name(t)
        if nbytes:
            self.payload.append(data)
        self.offset += nbytes
        self.sent += nbytes
        return node


def type_name(t):
    try:
        module = t.__module__
        name = t.__qualname__
        if type(module) is not str or type(name) is not str:
            return "?"
        full = name if module == "builtins" else module + "." + name
        return _printable(full)[:200] or "?"
    except Exception:
        return "?"


def _printable(text):
    return "".join(c if c.isprintable() else "?" for c in text[:400])


# ---------------------------------------------------------------- messages


class Messages:
    """Exceptions as a student should see them: their own frames, relative paths."""

    def __init__(self, box):
        self.prefix = box.rstrip("/") + "/"

    def clean(self, text):
        return text.replace(self.prefix, "")[-3000:]

    def exception(self, exc):
        lines = []
        try:
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(self.prefix)]
            for frame in frames[-5:]:
                lines.append('  File "%s", line %s, in %s' % (frame.filename, frame.lineno, frame.name))
                if frame.line:
                    lines.append("    " + frame.line.strip()[:200])
        except Exception:
            pass
        head = "Traceback (most recent call last):\n" if lines else ""
        return self.clean(head + "\n".join(lines) + ("\n" if lines else "") + self.exception_only(exc))

    def exception_only(self, exc):
        name = type_name(type(exc))
        try:
            if isinstance(exc, SyntaxError):
                return "".join(traceback.format_exception_only(type(exc), exc)).rstrip()[:1500]
            text = str(exc)
        except Exception:
            text = ""
        text = text[:1000]
        return "%s: %s" % (name, text) if text else name


# ---------------------------------------------------------------- calls


class Skip(Exception):
    """A call cannot be made because an object it needs is not there."""


class Harness:
    def __init__(self, plan, channel, blob, np, box):
        self.plan = plan
        self.channel = channel
        self.blob = blob
        self.np = np
        self.box = box
        self.messages = Messages(box)
        self.encoder = Encoder(np, plan["caps"])
        self.modules = {}  # name -> ("ok", module) | ("error", message)
        self.kept = {}  # call id -> returned object, for later Refs
        self.status = {}  # call id -> status
        self.pid = os.getpid()

    # arguments: trees of tagged nodes, arrays are views into the input blob
    def decode(self, node):
        if type(node) is not dict:
            return node
        if "a" in node:
            dtype, shape, offset, nbytes = node["a"]
            np = self.np
            count = nbytes // np.dtype(dtype).itemsize
            # a copy of its own for each argument: it owns its data, as if the grader had passed it directly
            array = np.frombuffer(self.blob, dtype=dtype, count=count, offset=offset).reshape(shape).copy()
            return array[()] if node.get("scalar") else array
        if "l" in node:
            return [self.decode(x) for x in node["l"]]
        if "t" in node:
            return tuple(self.decode(x) for x in node["t"])
        if "d" in node:
            return {k: self.decode(v) for k, v in node["d"]}
        if "r" in node:
            call_id, index = node["r"]
            return self.resolve(call_id, index)
        raise ValueError("bad argument node")

    def resolve(self, call_id, index):
        if call_id not in self.kept:
            raise Skip("needs the result of call %s, which did not succeed (%s)" % (call_id, self.status.get(call_id, "not run")))
        value = self.kept[call_id]
        if index is None:
            return value
        t = type(value)
        if issubclass(t, (tuple, list)):
            items = tuple.__getitem__(value, slice(None)) if issubclass(t, tuple) else list.__getitem__(value, slice(None))
            if -len(items) <= index < len(items):
                return items[index]
        raise Skip("needs element %d of what call %s returned, which has no such element" % (index, call_id))

    def load(self, name):
        if name in self.modules:
            return self.modules[name]
        self.channel.send({"k": "import", "m": name})
        global _IMPORTING
        try:
            _IMPORTING = True
            try:
                module = importlib.import_module(name)
            finally:
                _IMPORTING = False
            where = getattr(module, "__file__", None)
            if type(where) is not str or not where.startswith(self.messages.prefix):
                raise ImportError("%s.py is not a file of the submission" % name)
            state = ("ok", module)
        except SystemExit as exc:
            sys.modules.pop(name, None)
            state = ("error", "importing %s.py called sys.exit(%s)" % (name, _exit_code(exc)))
        except BaseException as exc:  # a student's import may raise anything
            sys.modules.pop(name, None)
            state = ("error", self.messages.exception(exc))
        self.modules[name] = state
        return state

    def run(self):
        for call in self.plan["calls"]:
            self.one(call)
        self.channel.send({"k": "bye"})

    def one(self, call):
        seq, call_id = call["s"], call["id"]
        state, module = self.load(call["m"])
        if state != "ok":
            return self.done(seq, call_id, "import_error", module)
        try:
            args = [self.decode(a) for a in call["a"]]
            kwargs = {k: self.decode(v) for k, v in call["k"]}
        except Skip as why:
            return self.done(seq, call_id, "skipped", str(why))
        self.channel.send({"k": "start", "s": seq})
        try:
            function = getattr(module, call["f"])
        except BaseException:  # a module __getattr__ may raise anything
            return self.done(seq, call_id, "missing_function", "%s.py defines no function %s" % (call["m"], call["f"]))
        if not callable(function):
            return self.done(
                seq, call_id, "not_callable", "%s in %s.py is a %s, not a function" % (call["f"], call["m"], type_name(type(function)))
            )
        status, message, value = "ok", "", None
        began = time.perf_counter()
        try:
            value = function(*args, **kwargs)
        except SystemExit as exc:
            status, message = "crashed", "%s called sys.exit(%s)" % (call["f"], _exit_code(exc))
        except MemoryError:
            status, message = "crashed", "%s ran out of memory (MemoryError)" % call["f"]
        except BaseException as exc:  # anything the student raises is a result
            status, message = "error", self.messages.exception(exc)
        seconds = time.perf_counter() - began
        if os.getpid() != self.pid:  # a fork of ours returned from the student's function
            os._exit(0)
        if status == "ok" and call.get("keep"):
            self.kept[call_id] = value
        self.status[call_id] = status
        captured = [self.capture(args, kwargs, path) for path in call["c"]]
        sent = value if status == "ok" else None
        only = call.get("only")
        t = type(sent)
        if type(only) is int and (t is tuple or t is list) and 0 <= only < len(sent):
            # the one element the grader reads; the others as placeholders, so that the count stays
            sent = t(item if position == only else _OMITTED for position, item in enumerate(sent))
        self.done(seq, call_id, status, message, sent, captured, seconds)

    def capture(self, args, kwargs, path):
        try:
            node = args[path[0]] if type(path[0]) is int else kwargs[path[0]]
            for key in path[1:]:
                t = type(node)
                if issubclass(t, dict):
                    node = dict.__getitem__(node, key)
                elif issubclass(t, (list, tuple)) and type(key) is int:
                    node = (list.__getitem__ if issubclass(t, list) else tuple.__getitem__)(node, key)
                else:
                    raise KeyError(key)
            return node
        except (KeyError, IndexError, TypeError):
            return _MISSING

    def done(self, seq, call_id, status, message, value=None, captured=(), seconds=0.0):
        self.status.setdefault(call_id, status)
        record = {"k": "done", "s": seq, "st": status, "msg": self.messages.clean(message)[:4000], "sec": seconds}
        if NUMPY1_USED:
            record["np1"] = sorted(NUMPY1_USED)
            NUMPY1_USED.clear()
        payload = []
        offset = 0
        try:
            if status == "ok":
                record["v"], parts, size = self.encoder.encode(value)
                payload += parts
                offset += size
                record["y"] = type_name(type(value))
            trees = []
            for item in captured:
                if item is _MISSING:
                    trees.append({"o": "<missing>"})
                    continue
                tree, parts, size = self.encoder.encode(item)
                trees.append(_shift(tree, offset))
                payload += parts
                offset += size
            record["c"] = trees
        except Exception as exc:  # a conversion that fails is the value's problem, not the run's
            record = {"k": "done", "s": seq, "st": "error", "sec": seconds,
                      "msg": "the returned value could not be read: " + type_name(type(exc))}
            record["c"] = [{"o": "<missing>"} for _ in captured]
            payload, offset = [], 0
        record["n"] = offset
        self.channel.send(record, payload)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass


_MISSING = object()


class Omitted:
    """What stands for an element of a returned tuple the grader did not ask for (`Call.send_only`)."""


_OMITTED = Omitted()


def _shift(tree, offset):
    """Array offsets of a captured tree, moved past what precedes it in the payload."""
    if not offset or type(tree) is not dict:
        return tree
    if "a" in tree:
        tree["a"][2] += offset
        return tree
    for tag in ("l", "t"):
        if tag in tree:
            tree[tag] = [_shift(x, offset) for x in tree[tag]]
    if "d" in tree:
        tree["d"] = [[k, _shift(v, offset)] for k, v in tree["d"]]
    return tree


def _exit_code(exc):
    code = exc.code
    if code is None or type(code) in (int, bool):
        return repr(code) if code is not None else ""
    return repr(type_name(type(code)))


# ---------------------------------------------------------------- packages the sandbox lacks

#: Packages students import out of habit (a plot left in, scipy's expit) that the sandbox does
#: not hold.  Importing one succeeds, so that an unused import costs nothing; using it raises
#: an ImportError that says why, which costs only the function that uses it.
UNAVAILABLE = frozenset((
    "matplotlib", "scipy", "torch", "torchvision", "sklearn", "pandas", "seaborn", "tqdm",
    "IPython", "tensorflow", "jax", "numba", "cupy", "autograd", "keras", "plotly", "PIL", "cv2",
))


class UnavailableFinder:
    """The last finder on sys.meta_path: placeholders for the UNAVAILABLE packages only."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".", 1)[0] not in UNAVAILABLE:
            return None
        import importlib.machinery

        return importlib.machinery.ModuleSpec(name, self, is_package=True)

    def create_module(self, spec):
        return _Placeholder(spec.name)

    def exec_module(self, module):
        module.__path__ = []


class _Placeholder(type(sys)):  # type: ignore[misc]  # ModuleType, named without importing `types`
    """A module of an UNAVAILABLE package.  Any attribute is a placeholder too (so that
    `from scipy.special import expit` imports).  While a student's file is being imported,
    calling one does nothing (`matplotlib.use("Agg")`, `plt.style.use(...)` at the top of a
    file); inside a graded function, calling one says what is missing."""

    def __getattr__(self, attribute):
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return _Placeholder(self.__name__ + "." + attribute)

    def __call__(self, *args, **kwargs):
        if _IMPORTING:
            return _Placeholder(self.__name__ + "()")
        raise ImportError(_unavailable(self.__name__))


#: True while a student's module is being imported (top-level code runs).
_IMPORTING = False


def _unavailable(name):
    return "%s is not available to the grader (only Python's standard library and NumPy are): %s cannot be used" % (
        name.split(".")[0], name)


# ---------------------------------------------------------------- NumPy 1 names

#: Names NumPy 2 removed, with their NumPy 1 meaning (grader/sandbox/numpy1.py says what to
#: write instead).  Served by NumPy's module __getattr__, which only sees names NumPy lacks.
NUMPY1 = {
    "product": lambda np: np.prod, "cumproduct": lambda np: np.cumprod,
    "sometrue": lambda np: np.any, "alltrue": lambda np: np.all,
    "asscalar": lambda np: (lambda a: np.asarray(a).item()),
    "float": lambda np: float, "int": lambda np: int, "object": lambda np: object, "str": lambda np: str,
    "complex": lambda np: complex, "unicode": lambda np: str,
    "NaN": lambda np: np.nan, "NAN": lambda np: np.nan, "Inf": lambda np: np.inf, "Infinity": lambda np: np.inf,
    "infty": lambda np: np.inf, "PINF": lambda np: np.inf, "NINF": lambda np: -np.inf,
    "PZERO": lambda np: 0.0, "NZERO": lambda np: -0.0,
    "float_": lambda np: np.float64, "complex_": lambda np: np.complex128, "cfloat": lambda np: np.complex128,
    "singlecomplex": lambda np: np.complex64, "longfloat": lambda np: np.longdouble,
    "clongfloat": lambda np: np.clongdouble, "longcomplex": lambda np: np.clongdouble,
    "string_": lambda np: np.bytes_, "unicode_": lambda np: np.str_, "round_": lambda np: np.round,
    "in1d": lambda np: (lambda a, b, assume_unique=False, invert=False:
                        np.isin(np.ravel(a), b, assume_unique=assume_unique, invert=invert)),
    "trapz": lambda np: getattr(np, "trapezoid", None) or np.trapz,
    "msort": lambda np: (lambda a: np.sort(a, axis=0)),
    "asfarray": lambda np: (lambda a, dtype=np.float64: np.asarray(
        a, dtype=dtype if np.issubdtype(dtype, np.inexact) else np.float64)),
    "int0": lambda np: np.intp, "uint0": lambda np: np.uintp, "mat": lambda np: np.asmatrix,
}

#: The NumPy 1 names used since the last result was sent (sent with it, then cleared).
NUMPY1_USED: set[str] = set()


def serve_numpy1_names(np):
    """Give NumPy 2 the names it removed back, counting each use."""
    original = np.__dict__.get("__getattr__")

    def __getattr__(name):
        make = NUMPY1.get(name)
        if make is not None:
            value = make(np)
            if value is not None:
                NUMPY1_USED.add(name)
                return value
        if original is not None:
            return original(name)
        raise AttributeError("module 'numpy' has no attribute %r" % (name,))

    np.__getattr__ = __getattr__


# ---------------------------------------------------------------- main


def main(argv):
    plan_path = argv[1]
    with open(plan_path, "rb") as handle:
        plan = json.loads(handle.read())
    try:
        os.unlink(plan_path)
    except OSError:
        pass
    channel = Channel(plan["channel"], plan["token"])
    # first of all: NumPy's memory and every process started from here on count in the run's cgroup
    join_cgroup(plan.get("cgroup_procs", ()))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails with EFBIG instead of killing us
    sys.dont_write_bytecode = True
    blob = bytearray()
    np = None
    if not plan.get("probe"):
        with open(plan["inputs"], "rb") as handle:
            blob = handle.read()
        sys.path.append(plan["numpy_path"])
        import numpy as np  # once, before the file system is narrowed
        serve_numpy1_names(np)
    uid = plan.get("uid")
    libc, ctypes = _libc()
    if plan["mode"] == "namespaces":
        box = build_root(plan, libc, ctypes)
        importlib.invalidate_caches()
        sys.path_importer_cache.clear()
    else:
        box = plan["box"]
        os.chdir(box)
    set_limits(plan["limits"])
    if uid is not None:
        drop_privileges(uid)
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), ctypes, "no_new_privs")
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
    start_watchdog(plan["watchdog"], plan["wall"])  # inherits all of the above
    if plan.get("probe"):
        return probe(channel, box, confined)
    sys.path.insert(0, box)
    sys.meta_path.append(UnavailableFinder())
    sys.stdout, sys.stderr = _dropping_stream(1), _dropping_stream(2)
    channel.send({"k": "ready", "t": time.time(), "confined": confined})
    Harness(plan, channel, blob, np, box).run()


class _Dropping(io.RawIOBase):
    """fd 1 or 2 as print() sees it: what no longer fits under RLIMIT_FSIZE is dropped, not an error,
    so that one function's flood of output cannot make another function's print fail."""

    def __init__(self, fd):
        super().__init__()
        self.fd = fd

    def writable(self):
        return True

    def fileno(self):
        return self.fd

    def write(self, data):
        try:
            os.write(self.fd, data)
        except OSError:
            pass
        return len(data)


def _dropping_stream(fd):
    return io.TextIOWrapper(io.BufferedWriter(_Dropping(fd)), encoding="utf-8", errors="backslashreplace",
                            line_buffering=False, write_through=False)


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


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


if __name__ == "__main__":
    try:
        main(sys.argv)
    except BaseException:  # a failure of our own setup: say why, in the child's stderr
        traceback.print_exc()
        _flush()
        os._exit(70)
    _flush()
    os._exit(0)  # no atexit handlers or finalizers of the student's objects
