#!/usr/bin/env python3
"""Builds the streamer-info records HepDsl's ROOT writers embed (src/HepDsl.Runtime/Root/Streamed/StreamerInfoRecords.cs).

ROOT describes every class in a file by a TStreamerInfo; ROOT and JSROOT read no object without them. Two records:
- Histograms, for the histogram writer (small-file keys: 64 bytes): the infos of TH1D and its bases from the
  ROOT-written uproot-issue-722.root (ROOT 6.24), those of TH2 and TH2D from uproot-issue-888.root.
- Trees, for the TTree writer (64-bit keys: 72 bytes): TTree v20, TBranch v13, TLeaf v2, TLeafO/B/S/I/L/F/D v1,
  ROOT::TIOFeatures v1 and the collection and attribute bases, from uproot-sample-6.20.04-uncompressed.root
  (written by ROOT 6.20/04; scikit-hep-testdata, BSD-3-Clause).
- NTuples, for the RNTuple writer (64-bit keys: 72 bytes): ROOT::RNTuple v2 (the anchor; JSROOT reads it through this
  info), from ntpl001_staff_rntuple_v1-0-0-0.root (ROOT 6.35/01, ROOT's staff tutorial; scikit-hep-testdata).
The object bodies are copied as ROOT wrote them and each list is re-emitted with fresh class tags (tags are buffer
offsets counted from the key's start, so they move with the objects and with the length of the key header).

usage: make-streamer-infos.py ../shared/data/root > src/HepDsl.Runtime/Root/Streamed/StreamerInfoRecords.cs
"""
import base64, os, struct, sys, zlib

MAP_OFFSET = 2       # ROOT's kMapOffset
NEW_CLASS = 0xFFFFFFFF
CLASS_MASK = 0x80000000
COUNT_MASK = 0x40000000
HISTOGRAM_KEYLEN = 64  # small-file key, class TList, name StreamerInfo, title "Doubly linked list"
TREE_KEYLEN = 72       # large key (version 1004), same class, name and title
TREE_SOURCE = 'uproot-sample-6.20.04-uncompressed.root'
TREE_UNUSED = {'TLeafC', 'TBranchRef', 'TRefTable'}
NTUPLE_SOURCE = 'ntpl001_staff_rntuple_v1-0-0-0.root'

def streamer_record(path):
    """The uncompressed streamer-info record of a small ROOT file, and the length of its key header."""
    b = open(path, 'rb').read()
    version = struct.unpack('>i', b[4:8])[0]
    assert version < 1000000, 'small files only'
    seek_info = struct.unpack('>i', b[37:41])[0]
    nbytes, _, objlen, _, keylen = struct.unpack('>ihiIh', b[seek_info:seek_info + 16])
    data = b[seek_info + keylen:seek_info + nbytes]
    if objlen == len(data):
        return data, keylen
    out, p = b'', 0
    while p < len(data):
        assert data[p:p + 2] == b'ZL'
        size = data[p + 3] | data[p + 4] << 8 | data[p + 5] << 16
        out += zlib.decompress(data[p + 9:p + 9 + size])
        p += 9 + size
    return out, keylen

class Reader:
    def __init__(self, b, keylen=0): self.b, self.p, self.keylen, self.classes = b, 0, keylen, {}
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
            self.classes[at + self.keylen + MAP_OFFSET] = name
        else:
            name = self.classes[tag & ~CLASS_MASK]
        return name, end

def infos(blob, keylen):
    """{class: (info head bytes, elements array head bytes, [(element class, element body)])} in list order."""
    r, out = Reader(blob, keylen), {}
    r.take('>I'); r.take('>H'); r.take('>H'); r.take('>I'); r.take('>I'); r.string()
    for _ in range(r.take('>i')):
        cls, end = r.object()
        if cls != 'TStreamerInfo':                        # a list entry of another kind (rules): not needed
            r.p = end; r.string(); continue
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
    def __init__(self, keylen): self.b, self.keylen, self.classes = bytearray(), keylen, {}
    def put(self, fmt, v): self.b += struct.pack(fmt, v)
    def counted(self, head):
        """Copies a record head whose leading byte count is recomputed later; returns where the count is."""
        at = len(self.b); self.b += head; return at
    def close(self, at): struct.pack_into('>I', self.b, at, (len(self.b) - at - 4) | COUNT_MASK)
    def object(self, cls, write_body):
        at = len(self.b); self.put('>I', 0)
        if cls in self.classes: self.put('>I', self.classes[cls] | CLASS_MASK)
        else:
            self.classes[cls] = len(self.b) + self.keylen + MAP_OFFSET
            self.put('>I', NEW_CLASS); self.b += cls.encode() + b'\0'
        write_body()
        struct.pack_into('>I', self.b, at, (len(self.b) - at - 4) | COUNT_MASK)

def emit(selected, keylen):
    """The TList of the selected infos, with class tags for a key header of keylen bytes."""
    w = Writer(keylen)
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

def read_infos(path, keylen=None):
    blob, found = streamer_record(path)
    assert keylen is None or found == keylen, f'{path}: a {keylen}-byte key expected before the streamer infos'
    return infos(blob, found)

def histogram_infos(folder):
    h1 = read_infos(os.path.join(folder, 'uproot-issue-722.root'), HISTOGRAM_KEYLEN)
    h2 = read_infos(os.path.join(folder, 'uproot-issue-888.root'), HISTOGRAM_KEYLEN)
    for shared in set(h1) & set(h2):
        # Same class checksum and version; only comments and TObject bits differ between ROOT releases.
        assert h1[shared][0][-8:] == h2[shared][0][-8:], shared + ' has another version in the two files'
    merged = dict(h1); merged['TH2'] = h2['TH2']; merged['TH2D'] = h2['TH2D']
    return merged

def tree_infos(folder):
    found = read_infos(os.path.join(folder, TREE_SOURCE))
    return {name: info for name, info in found.items() if name not in TREE_UNUSED}

def ntuple_infos(folder):
    found = read_infos(os.path.join(folder, NTUPLE_SOURCE))
    assert list(found) == ['ROOT::RNTuple'], list(found)
    return found

def field(name, summary, keylen, selected):
    blob = emit(list(selected.values()), keylen)
    assert list(infos(blob, keylen)) == list(selected)
    text = base64.b64encode(blob).decode()
    lines = '\n'.join('            "' + text[i:i + 100] + '" +' for i in range(0, len(text), 100))
    return '\n'.join([
        '    /// <summary>' + summary + '</summary>',
        '    public static readonly StreamerInfoRecord ' + name + ' = new(',
        '        KeyLength: ' + str(keylen) + ',',
        '        Classes: [' + ', '.join('"' + c + '"' for c in selected) + '],',
        '        Bytes: Convert.FromBase64String(',
        lines[:-2] + '));'])

def main(folder):
    print('// <auto-generated> by scripts/make-streamer-infos.py from ROOT-written files (' + TREE_SOURCE + ': ROOT 6.20/04,')
    print('// scikit-hep-testdata, BSD-3-Clause); do not edit. </auto-generated>')
    print('namespace HepDsl.Runtime.Root.Streamed;\n')
    print('/// <summary>The streamer-info records HepDsl\'s ROOT writers embed, one per kind of file.</summary>')
    print('internal static class StreamerInfoRecords')
    print('{')
    print(field('Histograms', 'TH1D, TH2D and their bases (ROOT 6.24), for the histogram writer\'s small-file keys.',
                HISTOGRAM_KEYLEN, histogram_infos(folder)))
    print()
    print(field('Trees', 'TTree, TBranch, the TLeaf kinds and their bases (ROOT 6.20/04), for the TTree writer\'s 64-bit keys.',
                TREE_KEYLEN, tree_infos(folder)))
    print()
    print(field('NTuples', 'ROOT::RNTuple v2, the anchor (ROOT 6.35/01), for the RNTuple writer\'s 64-bit keys.',
                TREE_KEYLEN, ntuple_infos(folder)))
    print('}')

if __name__ == '__main__':
    main(sys.argv[1])
