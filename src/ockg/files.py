"""Reading the input files a user or a pull request controls: regular files only, of bounded size.

A FIFO would hang the build, a device could be endless or have side effects when opened, and a
mapping file that is a symbolic link to /etc/passwd would be read and quoted back in an error:
so each file is examined before it is opened (lstat), opened without blocking and, unless the
caller allows links, without following one, examined again (fstat: it may have been swapped in
between), and read only up to its limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ockg.errors import InputError, Location

MIB = 1 << 20
_KINDS = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket",
          stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device", stat.S_IFLNK: "a symbolic link"}


def read_bytes(path: Path, shown: str, limit: int, links: bool = False) -> bytes:
    """The content of path, a regular file of at most limit bytes (a link to one if links)."""
    where = Location(shown)
    try:
        _refuse_odd(os.stat(path, follow_symlinks=links).st_mode, where, links)
        flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if links else os.O_NOFOLLOW)
        descriptor = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not links:
            _refuse_odd(stat.S_IFLNK, where, links)
        raise InputError.at(where, f"cannot read: {exc.strerror}") from None
    with open(descriptor, "rb") as handle:
        _refuse_odd(os.fstat(descriptor).st_mode, where, links)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError.at(where, f"is larger than the {limit // MIB} MiB an input file of this kind may be")
    return data


def _refuse_odd(mode: int, where: Location, links: bool) -> None:
    if stat.S_ISREG(mode):
        return
    kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
    hint = ": only regular files are read, never what a link points to" if stat.S_ISLNK(mode) and not links else ""
    raise InputError.at(where, f"is {kind}, not a regular file{hint}")
