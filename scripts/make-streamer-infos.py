#!/usr/bin/env python3
"""Builds the streamer-info record HepDsl's ROOT histogram writer embeds (RootStreamerInfos.cs).

ROOT describes every class in a file by a TStreamerInfo; JSROOT refuses a file without them. The infos of
TH1D and its bases are taken from the ROOT-written uproot-issue-722.root (ROOT 6.24) and those of TH2 and
TH2D from uproot-issue-888.root; the object bodies are copied as ROOT wrote them and the list is re-emitted
with fresh class tags (tags are buffer offsets, so they must be recomputed when objects move).

usage: make-streamer-infos.py ../shared/data/root > src/HepDsl.Runtime/Root/Streamed/RootStreamerInfos.cs
"""
import base64, struct, sys, zlib

KEYLEN = 64          # key header of the record: small-file key, class TList, name StreamerInfo, title "Doubly linked list"
MAP_OFFSET = 2       # ROOT's kMapOffset
NEW_CLASS = 0xFFFFFFFF
CLASS_MASK = 0x80000000
COUNT_MASK = 0x40000000

def streamer_record(path):
    b = open(path, 'rb').read()
    version = struct.unpack('>i', b[4:8])[0]
    assert version < 1000000, 'small files only'
    seek_info = struct.unpack('>i', b[37:41])[0]
    nbytes, _, objlen, _, keylen = struct.unpack('>ihiIh', b[seek_info:seek_info + 16])
    assert keylen == KEYLEN
    data = b[seek_info + keylen:seek_info + nbytes]
    if objlen == len(data):
        return data
    out, p = b'', 0
    while p < len(data):
        assert data[p:p + 2] == b'ZL'
        size = data[p + 3] | data[p + 4] << 8 | data[p + 5] << 16
        out += zlib.decompress(data[p + 9:p + 9 + size])
        p += 9 + size
    return out

class Reader:
    def __init__(self, b): self.b, self.p, self.classes = b, 0, {}
    def take(self, fmt):
        v = struct.unpack_from(fmt, self.b, self.p); self.p += struct.calcsize(fmt); return v[0]
    def string(self):
        n = self.take('>B')
        if n == 255: n = self.take('>i')
        s = self.b[self.p:self.p + n].decode(); self.p += n; return s
    def object(self):
        """An object written with its class: byte count, class tag (new or reference), body. Returns (class, body end)."""
        count = self.take('>I'); assert count & COUNT_MASK
        end = self.p + (count & ~COUNT_MASK)
        at = self.p
        tag = self.take('>I')
        if tag == NEW_CLASS:
            e = self.b.index(b'\0', self.p); name = self.b[self.p:e].decode(); self.p = e + 1
            self.classes[at + KEYLEN + MAP_OFFSET] = name
        else:
            name = self.classes[tag & ~CLASS_MASK]
        return name, end

def infos(blob):
    """{class: (info head bytes, elements array head bytes, [(element class, element body)])} in list order."""
    r, out = Reader(blob), {}
    r.take('>I'); r.take('>H'); r.take('>H'); r.take('>I'); r.take('>I'); r.string()
    for _ in range(r.take('>i')):
        cls, end = r.object(); assert cls == 'TStreamerInfo'
        start = r.p
        r.take('>I'); r.take('>H')
        named = r.p
        r.p += 4 + (struct.unpack_from('>I', blob, named)[0] & ~COUNT_MASK)
        r.take('>I'); r.take('>i')
        head = blob[start:r.p]
        name = Reader(blob[named + 16:]).string()
        arr_cls, arr_end = r.object(); assert arr_cls == 'TObjArray'
        arr = r.p
        r.take('>I'); r.take('>H'); r.take('>H'); r.take('>I'); r.take('>I'); r.string()
        n = r.take('>i'); r.take('>i')
        arr_head = blob[arr:r.p]
        elements = []
        for _ in range(n):
            ecls, eend = r.object(); elements.append((ecls, blob[r.p:eend])); r.p = eend
        assert r.p == arr_end == end
        assert r.string() == ''
        out[name] = (head, arr_head, elements)
    assert r.p == len(blob)
    return out

class Writer:
    def __init__(self): self.b, self.classes = bytearray(), {}
    def put(self, fmt, v): self.b += struct.pack(fmt, v)
    def counted(self, head):
        """Copies a record head whose leading byte count is recomputed later; returns where the count is."""
        at = len(self.b); self.b += head; return at
    def close(self, at): struct.pack_into('>I', self.b, at, (len(self.b) - at - 4) | COUNT_MASK)
    def object(self, cls, write_body):
        at = len(self.b); self.put('>I', 0)
        if cls in self.classes: self.put('>I', self.classes[cls] | CLASS_MASK)
        else:
            self.classes[cls] = len(self.b) + KEYLEN + MAP_OFFSET
            self.put('>I', NEW_CLASS); self.b += cls.encode() + b'\0'
        write_body()
        struct.pack_into('>I', self.b, at, (len(self.b) - at - 4) | COUNT_MASK)

def emit(selected):
    w = Writer()
    w.put('>I', 0); w.put('>H', 5)                       # TList version 5
    w.put('>H', 1); w.put('>I', 0); w.put('>I', 0x02000000)  # TObject
    w.b += b'\0'; w.put('>i', len(selected))
    for head, arr_head, elements in selected:
        # The info and its element array start with byte counts that change as class tags move.
        def info():
            at = w.counted(head)
            def array():
                at = w.counted(arr_head)
                for cls, body in elements: w.object(cls, lambda body=body: w.b.extend(body))
                w.close(at)
            w.object('TObjArray', array)
            w.close(at)
        w.object('TStreamerInfo', info)
        w.b += b'\0'                                      # option string of the list entry
    struct.pack_into('>I', w.b, 0, (len(w.b) - 4) | COUNT_MASK)
    return bytes(w.b)

def main(folder):
    h1 = infos(streamer_record(folder + '/uproot-issue-722.root'))
    h2 = infos(streamer_record(folder + '/uproot-issue-888.root'))
    for shared in set(h1) & set(h2):
        # Same class checksum and version; only comments and TObject bits differ between ROOT releases.
        assert h1[shared][0][-8:] == h2[shared][0][-8:], shared + ' has another version in the two files'
    merged = dict(h1); merged['TH2'] = h2['TH2']; merged['TH2D'] = h2['TH2D']
    blob = emit(list(merged.values()))
    assert list(infos(blob)) == list(merged)
    print_cs(['// <auto-generated> by scripts/make-streamer-infos.py from ROOT-written files; do not edit. </auto-generated>'],
             'RootStreamerInfos', 'The uncompressed TList of TStreamerInfo', KEYLEN, blob, list(merged))

def print_cs(header, name, summary, keylen, blob, classes=None):
    """Prints the C# class embedding a streamer-info record valid behind a key header of keylen bytes."""
    text = base64.b64encode(blob).decode()
    lines = '\n'.join('        "' + text[i:i + 100] + '" +' for i in range(0, len(text), 100))
    for line in header: print(line)
    print('namespace HepDsl.Runtime.Root.Streamed;\n')
    print('internal static class ' + name)
    print('{')
    if classes is not None:
        print('    /// <summary>Classes described, in record order.</summary>')
        print('    public static readonly string[] Classes = [' + ', '.join('"' + c + '"' for c in classes) + '];\n')
    print('    /// <summary>' + summary + ', valid behind a key header of exactly ' + str(keylen) + ' bytes.</summary>')
    print('    public const int KeyLength = ' + str(keylen) + ';\n')
    print('    public static readonly byte[] Record = Convert.FromBase64String(')
    print(lines[:-2] + ');')
    print('}')

if __name__ == '__main__':
    main(sys.argv[1])
