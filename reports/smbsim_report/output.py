"""The output directory: index.html, the charts beside it, and pcaps/
with a copy of each failing test's capture, so the directory is the whole
report (it can be moved, archived, opened from file://).

The files a run writes are listed in MANIFEST; the next run into the same
directory removes those first (and only those), so a report never carries
a stale chart or capture of an earlier one.
"""

import os
import shutil
import tempfile
import urllib.parse

from . import model

MANIFEST = ".smbsim-report-files"
PCAP_DIR = "pcaps"
# The first four bytes of a capture: pcap (microsecond and nanosecond
# resolution, either byte order) and pcapng (Section Header Block).
CAPTURE_MAGICS = (b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4",
                  b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d",
                  b"\x0a\x0d\x0d\x0a")


class OutDir:
    """Writes into one output directory and remembers what it wrote."""

    def __init__(self, path):
        self.path = path
        self.written = []
        os.makedirs(path, exist_ok=True)
        self._remove_previous()

    def _remove_previous(self):
        try:
            with open(os.path.join(self.path, MANIFEST),
                      encoding="utf-8") as fp:
                names = fp.read().splitlines()
        except FileNotFoundError:
            return
        dirs = set()
        for rel in names:
            # Only plain relative names below the directory.
            parts = rel.split("/")
            if not rel or rel.startswith("/") or ".." in parts:
                continue
            p = os.path.join(self.path, *parts)
            if os.path.isfile(p) and not os.path.islink(p):
                os.unlink(p)
            for n in range(1, len(parts)):     # pcaps/2-samba, pcaps
                dirs.add(os.path.join(self.path, *parts[:n]))
        for d in sorted(dirs, key=len, reverse=True):
            try:
                os.rmdir(d)          # only if it is empty now
            except OSError:
                pass

    def file(self, rel):
        """The path to write rel (a '/'-separated name) at; creates its
        directory and records it."""
        p = os.path.join(self.path, *rel.split("/"))
        os.makedirs(os.path.dirname(p), exist_ok=True)
        self.written.append(rel)
        return p

    def write_text(self, rel, text):
        """Write text to rel through a temporary file and a rename, so a
        reader never sees half a page."""
        p = self.file(rel)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(p), prefix=".tmp-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fp:
                fp.write(text)
            os.chmod(tmp, 0o644)
            os.replace(tmp, p)
        except BaseException:
            os.unlink(tmp)
            raise
        return p

    def copy_capture(self, src, column_key, test_id):
        """Copy the capture at src to pcaps/COLUMN/TEST.pcap[ng]; return
        (href, size, None) or (None, 0, why it was not copied)."""
        try:
            with open(src, "rb") as fp:
                magic = fp.read(4)
        except OSError as e:
            return None, 0, f"{src}: {e.strerror}"
        if magic not in CAPTURE_MAGICS:
            return None, 0, f"{src}: not a pcap or pcapng file"
        ext = ".pcapng" if magic == CAPTURE_MAGICS[-1] else ".pcap"
        base = f"{PCAP_DIR}/{column_key}/{model.slug(test_id, 120)}"
        rel, n = f"{base}{ext}", 1
        while rel in self.written:       # two ids with the same slug
            n += 1
            rel = f"{base}-{n}{ext}"
        dst = self.file(rel)
        shutil.copyfile(src, dst)
        return urllib.parse.quote(rel), os.path.getsize(dst), None

    def finish(self):
        """Record what this run wrote, for the next run to remove."""
        self.write_text(MANIFEST, "".join(f"{n}\n" for n in
                                          self.written + [MANIFEST]))
