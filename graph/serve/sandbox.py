"""Confinement for the endpoint's query workers: no network, bounded memory.

Oxigraph answers ``SERVICE`` by making the HTTP request itself, and it has no switch to stop it.
So the worker that runs queries asks the kernel to refuse it every new socket except local
(``AF_UNIX``) ones, with a seccomp filter installed before the first query: no spelling of a
query can then reach the network, because the process cannot open a connection at all. The
filter is inherited by every thread and cannot be lifted. It is written for Linux on x86-64 and
AArch64; elsewhere ``confine_network`` returns False and the endpoint falls back to refusing any
query that mentions the word (see ``graph.serve.endpoint.screen``).

Memory is bounded with ``RLIMIT_AS``, set after the store is open: an allocation past it fails,
Oxigraph aborts the worker, and the pool answers 503 and starts a fresh one.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import resource
import struct
import sys

# architecture → (AUDIT_ARCH value, socket syscall, io_uring_setup syscall); io_uring can open
# sockets without the socket syscall, so it is refused too
_ARCHES = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}
_X32_BIT = 0x40000000  # x86-64's x32 ABI numbers its syscalls from here; none is needed
_AF_UNIX = 1
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000
# classic BPF opcodes: load word at absolute offset, jump if equal / greater-or-equal, return
_LD, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06
# offsets in struct seccomp_data: nr, arch, then args[0] (its low word, little-endian)
_NR, _ARCH, _ARG0 = 0, 4, 16


def _op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def _filter(arch: int, socket_nr: int, uring_nr: int) -> list[bytes]:
    refuse = _RET_ERRNO | errno.EACCES
    return [
        _op(_LD, _ARCH),
        _op(_JEQ, arch, 1, 0),        # another ABI (32-bit compat): refuse everything
        _op(_RET, refuse),
        _op(_LD, _NR),
        _op(_JGE, _X32_BIT, 0, 1),
        _op(_RET, refuse),
        _op(_JEQ, uring_nr, 0, 1),
        _op(_RET, refuse),
        _op(_JEQ, socket_nr, 0, 4),   # not socket(): allowed
        _op(_LD, _ARG0),
        _op(_JEQ, _AF_UNIX, 0, 1),
        _op(_RET, _RET_ALLOW),
        _op(_RET, refuse),
        _op(_RET, _RET_ALLOW),
    ]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def confine_network() -> bool:
    """Forbid this process (and its threads) every new non-local socket; False where unsupported.

    Irreversible: call it only in a process that must never talk to the network.
    """
    arch = _ARCHES.get(platform.machine())
    if not sys.platform.startswith("linux") or arch is None:
        return False
    code = b"".join(_filter(*arch))
    buffer = ctypes.create_string_buffer(code)
    program = _Program(len(code) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    ulong = ctypes.c_ulong
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, ulong(1), ulong(0), ulong(0), ulong(0)) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, ulong(_SECCOMP_MODE_FILTER), ctypes.byref(program),
                      ulong(0), ulong(0)) == 0


def limit_memory(megabytes: int) -> None:
    """Let this process's address space grow by at most ``megabytes`` MiB from its present size.

    Measured from the present size (on Linux) because opening a store reserves address space of
    its own (RocksDB's threads and caches), which is not what a query costs.
    """
    limit = megabytes * 1024 * 1024
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            limit += int(fh.read().split()[0]) * resource.getpagesize()
    except OSError:
        pass
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
