"""Exceptions as a student should see them: their own frames, paths relative to the box."""

import traceback  # now: after the uid change the standard library may be out of reach

from .encoder import type_name


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

