#!/usr/bin/python3
"""Split pcaps of SMB2 over TCP port 445 into one file per SMB2 message.

Usage: extract-smb2.py OUTDIR PCAP [PCAP...]

Reads classic pcap files (LINKTYPE_RAW as socket_wrapper writes them, or
LINKTYPE_ETHERNET), reassembles each TCP direction, strips the 4-byte
NetBIOS session header (RFC 1002 4.3.1; MS-SMB2 2.1: type 0, 24-bit length)
and writes every SMB2 message as OUTDIR/<NNN>-<c2s|s2c>-<COMMAND>.bin,
numbered across all the given pcaps in order:

  - a frame with one SMB2 message: the message;
  - a compound frame (MS-SMB2 3.2.4.1.4): the whole frame as
    <NNN>-<dir>-COMPOUND.bin, then each member as its own file, from its
    header to its NextCommand (padding included) or the frame end;
  - a transform frame (0xFD 'SMB', MS-SMB2 2.2.41): the whole frame as
    <NNN>-<dir>-TRANSFORM.bin;
  - anything else (SMB1 negotiate, compression): <NNN>-<dir>-OTHER.bin.

The output is a function of the pcaps only.
"""
import os
import struct
import sys

COMMANDS = ["NEGOTIATE", "SESSION_SETUP", "LOGOFF", "TREE_CONNECT",
            "TREE_DISCONNECT", "CREATE", "CLOSE", "FLUSH", "READ", "WRITE",
            "LOCK", "IOCTL", "CANCEL", "ECHO", "QUERY_DIRECTORY",
            "CHANGE_NOTIFY", "QUERY_INFO", "SET_INFO", "OPLOCK_BREAK"]
SMB_PORT = 445


def packets(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise SystemExit(f"{path}: not a pcap")
    magic = data[:4]
    if magic == b"\xd4\xc3\xb2\xa1":
        end = "<"
    elif magic == b"\xa1\xb2\xc3\xd4":
        end = ">"
    else:
        raise SystemExit(f"{path}: not a classic pcap")
    linktype = struct.unpack(end + "I", data[20:24])[0]
    pos = 24
    while pos + 16 <= len(data):
        _, _, incl, orig = struct.unpack(end + "IIII", data[pos:pos + 16])
        pos += 16
        pkt = data[pos:pos + incl]
        pos += incl
        if incl != orig:
            raise SystemExit(f"{path}: truncated packet (snaplen)")
        if linktype == 1:
            if len(pkt) < 14 or pkt[12:14] != b"\x08\x00":
                continue
            pkt = pkt[14:]
        elif linktype != 101:
            raise SystemExit(f"{path}: linktype {linktype} not supported")
        yield pkt


def tcp_payloads(path):
    """Yield (direction, payload) for TCP segments to/from port 445."""
    for ip in packets(path):
        if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
            continue
        ihl = (ip[0] & 15) * 4
        total = struct.unpack(">H", ip[2:4])[0]
        tcp = ip[ihl:total]
        if len(tcp) < 20:
            continue
        sport, dport = struct.unpack(">HH", tcp[:4])
        off = (tcp[12] >> 4) * 4
        payload = tcp[off:]
        if not payload:
            continue
        if dport == SMB_PORT:
            yield ("c2s", (sport, dport)), payload
        elif sport == SMB_PORT:
            yield ("s2c", (dport, sport)), payload


def frames(path):
    """Yield (dir, frame) for each NBSS session message, in capture order."""
    bufs = {}
    for key, payload in tcp_payloads(path):
        buf = bufs.setdefault(key, bytearray())
        buf += payload
        while len(buf) >= 4:
            length = int.from_bytes(buf[1:4], "big")
            if len(buf) < 4 + length:
                break
            kind = buf[0]
            frame = bytes(buf[4:4 + length])
            del buf[:4 + length]
            if kind == 0:
                yield key[0], frame


def command_name(cmd):
    return COMMANDS[cmd] if cmd < len(COMMANDS) else "UNKNOWN"


def split_chain(frame):
    """Members of an SMB2 compound chain, or None when the chain is bad."""
    members = []
    pos = 0
    while True:
        if len(frame) - pos < 64 or frame[pos:pos + 4] != b"\xfeSMB":
            return None
        nxt = struct.unpack("<I", frame[pos + 20:pos + 24])[0]
        if nxt == 0:
            members.append(frame[pos:])
            return members
        if nxt < 64 or nxt > len(frame) - pos:
            return None
        members.append(frame[pos:pos + nxt])
        pos += nxt


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    n = 0

    def write(direction, name, data):
        nonlocal n
        n += 1
        with open(os.path.join(outdir, f"{n:03d}-{direction}-{name}.bin"), "wb") as f:
            f.write(data)

    for path in sys.argv[2:]:
        for direction, frame in frames(path):
            if frame[:4] == b"\xfdSMB":
                write(direction, "TRANSFORM", frame)
                continue
            members = split_chain(frame) if frame[:4] == b"\xfeSMB" else None
            if members is None:
                write(direction, "OTHER", frame)
                continue
            if len(members) > 1:
                write(direction, "COMPOUND", frame)
            for m in members:
                cmd = struct.unpack("<H", m[12:14])[0]
                write(direction, command_name(cmd), m)
    print(f"{outdir}: {n} messages")


main()
