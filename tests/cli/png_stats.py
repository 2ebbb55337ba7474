#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# png_stats.py FILE [--crop Y0 Y1 OUT]: decodes a PNG (8-bit grey, RGB or RGBA,
# not interlaced; what Chromium writes) with the standard library only and
# prints "width height inked colours": inked is the share of pixels that are
# not near-white, colours the number of distinct colours (capped). A blank
# screenshot has inked 0. --crop writes rows Y0..Y1 to OUT (to look at a part
# of a tall page).
import struct
import sys
import zlib


def decode(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise SystemExit(f'{path}: not a PNG')
    pos, idat, hdr = 8, b'', None
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b'IHDR':
            hdr = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or interlace or ctype not in (0, 2, 6):
        raise SystemExit(f'{path}: unsupported PNG (depth {depth}, type {ctype})')
    bpp = {0: 1, 2: 3, 6: 4}[ctype]
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def write(path, w, bpp, rows):
    ctype = {1: 0, 3: 2, 4: 6}[bpp]
    raw = b''.join(b'\x00' + r for r in rows)
    def chunk(kind, body):
        return struct.pack('>I', len(body)) + kind + body + struct.pack('>I', zlib.crc32(kind + body))
    png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, len(rows), 8, ctype, 0, 0, 0))
    open(path, 'wb').write(png + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))


def main():
    w, h, bpp, rows = decode(sys.argv[1])
    if len(sys.argv) > 2 and sys.argv[2] == '--crop':
        y0, y1 = int(sys.argv[3]), int(sys.argv[4])
        write(sys.argv[5], w, bpp, rows[y0:y1])
        return
    inked, colours = 0, set()
    for r in rows[::4]:
        for x in range(0, w * bpp, bpp * 4):
            px = r[x:x + min(bpp, 3)]
            if min(px) < 235:
                inked += 1
            if len(colours) < 1000:
                colours.add(bytes(px))
    total = len(rows[::4]) * len(range(0, w * bpp, bpp * 4))
    print(w, h, f'{inked / total:.4f}', len(colours))


main()
