"""The sandbox child: runs a student's functions and reports each result.

This package is shipped, not imported by the grader.  The parent copies its source files into the
run's scratch directory and starts ``python -s -S -P -B <scratch>/child/harness PLAN``, which runs
`__main__`; nothing here may import the grader (the grader is hidden from the child), and every
module of the package is imported before the child confines itself (afterwards its own files may
be out of reach).

What it does, in order (`main`):

1. Read the plan (JSON written by the parent) and the input arrays
   (one raw blob), then delete the plan: only this process knows the
   run's token afterwards.
2. Import NumPy (before any isolation, so that NumPy needs nothing later).
3. Under "namespaces": build a new root on a tmpfs holding only the
   standard library, NumPy, a few system directories (read-only), a
   fresh /proc, /dev/null & co, and the student's files on a small tmpfs;
   pivot into it (`newroot`).  Set the resource limits, drop to the sandbox
   uid, forbid new privileges (`confinement`), then Landlock (`landlock`) and
   the seccomp filter (`seccomp`).
4. Start a watchdog thread that ends the process when the parent goes
   away (its end of a pipe closes) or the run's wall budget is long past.
5. For each planned call (`calls`): announce it on the channel, import the
   module on first use, call the function, convert the result to plain data
   (`encoder`) and send it (`channel`).  Everything the student writes to
   stdout/stderr goes to the files the parent opened for fds 1 and 2 (`output`).

Channel records are one JSON line each, optionally followed by ``n`` raw
bytes (the arrays of a result, concatenated).  Every record carries the
run's token; the parent checks order and shape of everything it reads.
"""
