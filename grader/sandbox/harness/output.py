"""What the student prints: fds 1 and 2 as print() sees them, never an error once the files are full."""

import io
import os


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


def dropping_stream(fd):
    return io.TextIOWrapper(io.BufferedWriter(_Dropping(fd)), encoding="utf-8", errors="backslashreplace",
                            line_buffering=False, write_through=False)

