using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Root.Serialization;
using HepDsl.Runtime.Root.Keys;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Root.Streamed;

namespace HepDsl.Runtime.Output.Root;

/// <summary>
/// Writes histograms as TH1D/TH2D into a new ROOT file that ROOT, uproot and JSROOT open.
/// Layout, as ROOT itself writes it: header (100 bytes), the file's key with its directory record, one key per
/// histogram, the streamer-info record, the directory's key list, the free-segments record; then the header
/// and directory fields that point forward are patched. Small-file form (32-bit seeks), so at most 2 GB.
/// Histograms and the streamer infos are zlib-compressed unless <c>compress</c> is false.
/// </summary>
public static class RootHistogramWriter
{
    private const int FileVersion = 62406;            // ROOT 6.24/06, the release whose streamer infos are embedded
    private const int Begin = 100;                    // fBEGIN: where the first key starts
    private const int DirectoryRecordLength = 60;     // version 5 directory: 30 bytes, UUID 18, 12 bytes reserved for 64-bit seeks
    private const int MaxFileSize = 2_000_000_000;

    public static void Write(string path, IEnumerable<Histogram> histograms, bool compress = true)
    {
        ArgumentNullException.ThrowIfNull(histograms);
        var bytes = Build(Path.GetFileName(path), histograms.ToList(), DateTime.UtcNow, compress);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllBytes(path, bytes);
    }

    internal static byte[] Build(string fileName, IReadOnlyList<Histogram> histograms, DateTime now, bool compress)
    {
        var duplicate = histograms.GroupBy(h => h.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"two histograms are named '{duplicate.Key}'; ROOT keys must be unique here");
        // JSROOT and uproot read '/' as a directory separator and ';' as a cycle marker in key names.
        var unusable = histograms.FirstOrDefault(h => h.Name.Length == 0 || h.Name.IndexOfAny(['/', ';']) >= 0);
        if (unusable is not null) throw new ArgumentException($"histogram name '{unusable.Name}' cannot be a ROOT key name (empty, or contains '/' or ';')");
        var datime = RootKeyHeader.PackDate(now);
        var uuid = Guid.NewGuid().ToByteArray();
        var file = new RootWriteBuffer();
        file.Zeros(Begin);

        // The file's own key, name and title, and its directory record (forward fields patched below).
        var nameBytes = RootKeyHeader.StringLength(fileName) + RootKeyHeader.StringLength("");
        var fileKey = new RootKeyHeader("TFile", fileName, "", nameBytes + DirectoryRecordLength, Begin, 0, datime);
        fileKey.Write(file);
        file.String(fileName);
        file.String("");
        var directory = file.Length;
        file.Zeros(DirectoryRecordLength); // written once the key list's place is known

        var keys = new List<RootKeyHeader>();
        foreach (var h in histograms)
        {
            var body = new RootWriteBuffer();
            HistogramStreamer.Write(body, h);
            var stored = compress ? RootObjectCompression.Compress(body.Written) : body.Written.ToArray();
            if ((long)file.Length + stored.Length > MaxFileSize)
                throw new InvalidOperationException($"histogram '{h.Name}' does not fit in a ROOT file with 32-bit seeks (over {MaxFileSize} bytes)");
            var key = new RootKeyHeader(HistogramStreamer.ClassName(h), h.Name, h.Title, body.Length, file.Length, Begin, datime) { StoredLength = stored.Length };
            key.Write(file);
            file.Bytes(stored);
            keys.Add(key);
        }

        var record = StreamerInfoRecords.Histograms;
        var infos = compress ? RootObjectCompression.Compress(record.Bytes) : record.Bytes;
        var infoKey = new RootKeyHeader("TList", "StreamerInfo", "Doubly linked list", record.Bytes.Length, file.Length, Begin, datime) { StoredLength = infos.Length };
        record.CheckKeyLength(infoKey.KeyLength);
        infoKey.Write(file);
        file.Bytes(infos);

        var keyList = new RootKeyHeader("TFile", fileName, "", 4 + keys.Sum(k => k.KeyLength), file.Length, Begin, datime);
        keyList.Write(file);
        file.I32(keys.Count);
        foreach (var k in keys) k.Write(file);

        // One free segment: everything from the end of the file on (ROOT's convention, last = 2e9).
        var freeKey = new RootKeyHeader("TFile", fileName, "", 10, file.Length, Begin, datime);
        var end = checked((int)freeKey.SeekKey + freeKey.TotalBytes);
        freeKey.Write(file);
        file.I16(1);
        file.I32(end);
        file.I32(2_000_000_000);
        if (file.Length != end || end > MaxFileSize)
            throw new InvalidOperationException($"ROOT file layout error or file too large for 32-bit seeks ({file.Length} bytes)");

        var directoryRecord = new RootWriteBuffer();
        new DirectoryRecord(5, keyList.TotalBytes, fileKey.KeyLength + nameBytes, Begin, 0, keyList.SeekKey).Write(directoryRecord, datime, uuid);
        file.Patch(directory, directoryRecord.Written);
        var header = new RootFileHeader(FileVersion, IsLarge: false, Begin, end, freeKey.SeekKey, freeKey.TotalBytes, fileKey.KeyLength + nameBytes,
            Units: 4, compress ? RootObjectCompression.HeaderCode : 0, infoKey.SeekKey, infoKey.TotalBytes);
        file.Patch(0, header.Write(uuid));
        return file.Written.ToArray();
    }
}
