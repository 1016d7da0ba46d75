"""Landlock: without namespaces, the child's file access narrowed to what it needs, TCP refused,
signals and abstract sockets kept inside the sandbox (where the kernel's ABI knows them)."""

import os

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
    ruleset = _create_ruleset(abi, handled, libc, ctypes)
    try:
        class PathBeneath(ctypes.Structure):
            _pack_ = 1
            _fields_ = [("allowed", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

        grants = [(path, "read") for path in rules.get("read", ())]
        grants += [(path, "write") for path in rules.get("write", ())]
        grants += [(path, "device") for path in rules.get("devices", ())]
        for path, kind in grants:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC | os.O_NOFOLLOW)
            except OSError:
                continue  # not on this machine: nothing to grant
            try:
                allowed = _rights(kind, os.path.isdir("/proc/self/fd/%d" % fd), abi, handled)
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


def _create_ruleset(abi, handled, libc, ctypes):
    """A new ruleset handling every file right, TCP and the scopes this ABI knows: its descriptor."""

    class RulesetAttr(ctypes.Structure):
        _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]

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
    return ruleset


def _rights(kind, is_dir, abi, handled):
    """What a grant of `kind` allows on a directory or a file: the box is writable, a device read
    and written, the rest read (and executed: shared libraries, the interpreter's extensions)."""
    newer = (FS_TRUNCATE if abi >= 3 else 0) | (FS_IOCTL_DEV if abi >= 5 else 0)
    if kind == "write":
        return handled if is_dir else FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | newer
    if kind == "device":
        return FS_READ_FILE | FS_WRITE_FILE | newer
    return FS_EXECUTE | FS_READ_FILE | FS_READ_DIR if is_dir else FS_EXECUTE | FS_READ_FILE
