"""The write end of the pipe to the parent: one JSON line per record, then its raw bytes."""

import json
import os

_WRITE = os.write
_DUMPS = json.JSONEncoder(allow_nan=True, separators=(",", ":"), ensure_ascii=True).encode


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
