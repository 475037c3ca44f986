using System.Buffers.Binary;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Faults;

/// <summary>One basket's payload in the file: the bytes after its key.</summary>
/// <param name="Stored">True when ROOT stored the payload as is (compression did not pay): nothing protects those bytes.</param>
/// <param name="Codec">The first block's algorithm tag ("ZL", "L4", "XZ", "ZS") of a compressed payload.</param>
internal sealed record Payload(long Start, long End, string Column, bool Stored, string Codec);

/// <summary>Where a file's basket payloads are (per column), so damage can be aimed at data or at metadata.</summary>
internal sealed class FileMap
{
    private readonly List<Payload> _payloads = [];

    public FileMap(string path, byte[] bytes)
    {
        using var file = RootFile.Open(path);
        foreach (var name in file.TreeNames)
        {
            using var tree = file.OpenTree(name);
            foreach (var column in tree.Columns)
                foreach (var basket in tree.Baskets(column.Name).Where(b => !b.Embedded))
                {
                    // A basket key: Nbytes(4) version(2) ObjLen(4) datime(4) KeyLen(2) ..., then the payload.
                    var key = bytes.AsSpan((int)basket.Seek);
                    int objectLength = BinaryPrimitives.ReadInt32BigEndian(key[6..]);
                    int keyLength = BinaryPrimitives.ReadInt16BigEndian(key[14..]);
                    bool stored = basket.Bytes - keyLength == objectLength;
                    string codec = stored ? "" : System.Text.Encoding.ASCII.GetString(key.Slice(keyLength, 2));
                    _payloads.Add(new Payload(basket.Seek + keyLength, basket.Seek + basket.Bytes, column.Name, stored, codec));
                }
        }
        _payloads.Sort((a, b) => a.Start.CompareTo(b.Start));
    }

    /// <summary>The basket payload holding <paramref name="offset"/>, or null for metadata (headers, keys, tree records, streamers, basket keys).</summary>
    public Payload? PayloadAt(long offset) => _payloads.FirstOrDefault(p => offset >= p.Start && offset < p.End);

    public IReadOnlyList<Payload> Payloads => _payloads;
}
