"""The seccomp filter: no new namespaces for the student, and none of the system calls that open
the kernel, the machine's sockets or other processes' files to it."""

import os

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
