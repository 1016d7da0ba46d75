"""Under namespaces: the child's own file system, built on a tmpfs and pivoted into.

It holds the standard library, NumPy and a few system trees (read-only binds), the devices
of the plan, a fresh /proc, a private /tmp and the student's files on a small tmpfs; the
grader's paths the plan names are covered by empty read-only tmpfs mounts.
"""

import os

from .libc import check

# mount(2) constants (linux/fs.h)
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2

NEW_BOX = "/submission"


def build_root(plan, libc, ctypes):
    """Mount the child's view of the file system and chroot into it."""

    def mount(source, target, fstype, flags, data=None):
        enc = lambda s: None if s is None else s.encode()  # noqa: E731
        check(libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), ctypes, "mount %s" % target)

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
    check(libc.umount2(b".", MNT_DETACH), ctypes, "umount the old root")
    os.chdir("/")
    return True

