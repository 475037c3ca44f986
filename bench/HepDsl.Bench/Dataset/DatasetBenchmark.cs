using System.Text.Json;
using HepDsl.Bench.Common;
using HepDsl.Runtime.Output.Root;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.RNTuple.Writing;

namespace HepDsl.Bench.Dataset;

/// <summary>
/// Mode 'dataset': generates the benchmark dataset, DIR/&lt;compression&gt;/nanoaod-like-&lt;k&gt;.root (tree Events),
/// NanoAOD-like events resampled from the real CMS file (<see cref="NanoAodResampler"/>) and written by HepDsl's own
/// TTree writer; with format rntuple the same events as RNTuples (ntuple Events, RNTupleImporter's NanoAOD layout) in
/// DIR/rntuple-&lt;compression&gt;/. A compression whose manifest.json records the same parameters and whose files are all there is
/// skipped. Prints events, bytes and MB/s written per compression.
/// </summary>
internal static class DatasetBenchmark
{
    public const string Help = "write DIR/<compression>/nanoaod-like-<k>.root [--events 4000000] [--out .bench-data] [--compressions zstd,lz4,zlib,lzma] [--files 4] [--seed 2015] [--cluster-entries 100000] [--formats ttree,rntuple] [--page-size 1048576 (RNTuple)]";
    private const string Source = "nanoAOD_2015_CMS_Open_Data_ttbar.root";
    private const string DimuonSource = "uproot-Zmumu.root";
    // Bump when the content or layout of generated files changes, so existing datasets are regenerated.
    // 1: first version; 2 (LZMA only): LZMA files readable by JSROOT (one LZMA2 chunk per block);
    // 3 (all): the Z->mumu admixture (NanoAodResampler.DimuonFraction of the events get a real Zmumu muon pair).
    private const int GeneratorVersion = 3;

    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        long events = args.Long("events", 4_000_000);
        string output = Path.GetFullPath(args.Text("out", BenchInputs.DefaultDataDir()));
        var compressions = args.List("compressions", "zstd,lz4,zlib,lzma").Select(RootCompression.Parse).ToList();
        int files = args.Int("files", 4);
        int seed = args.Int("seed", 2015);
        int clusterEntries = args.Int("cluster-entries", NanoAodDatasetFile.DefaultClusterEntries);
        var formats = args.List("formats", "ttree,rntuple").Select(f => f switch
        {
            "ttree" => DatasetFormat.TTree,
            "rntuple" => DatasetFormat.RNTuple,
            _ => throw new ArgumentException($"unknown format '{f}' (ttree, rntuple)"),
        }).ToList();
        int pageSize = args.Int("page-size", new NTupleWriterOptions().PageSize);
        args.CheckAllUsed();
        if (events < 1 || files < 1 || files > events || clusterEntries < 1)
            throw new ArgumentException("need --events >= --files >= 1 and --cluster-entries >= 1");

        var sourcePath = Path.GetFullPath(Path.Combine(BenchInputs.RepoRoot(), "..", "shared", "data", "root", Source));
        var dimuonPath = Path.GetFullPath(Path.Combine(BenchInputs.RepoRoot(), "..", "shared", "data", "root", DimuonSource));
        var source = new NanoAodSource(sourcePath, dimuonPath);
        Console.Error.WriteLine($"dataset: {events} events from {source.Entries} real events ({source.Columns.Count} branches; muons of {NanoAodResampler.DimuonFraction:P0} of them from {source.DimuonEvents} real Z->mumu events) into {files} file(s) per compression, in {output}");
        var table = new Markdown("format", "compression", "events", "files", "file MB", "bytes/event", "uncompressed MB", "ratio", "wall s", "CPU s", "MB/s written", "MB/s uncompressed", "status");
        foreach (var format in formats)
        foreach (var compression in compressions)
        {
            // The TTree dataset's parameters have no format (null), as before RNTuples were written, so existing
            // TTree datasets stay up to date.
            var parameters = new Parameters(GeneratorVersion, Source, new FileInfo(sourcePath).Length, DimuonSource, new FileInfo(dimuonPath).Length,
                NanoAodResampler.DimuonFraction, compression.ToString(), events, files, seed, clusterEntries,
                format == DatasetFormat.TTree ? null : "rntuple", format == DatasetFormat.TTree ? null : pageSize);
            string folder = Path.Combine(output, Folder(format, compression));
            if (UpToDate(folder, parameters) is { } existing)
            {
                long bytes = existing.Files.Sum(f => f.Bytes);
                table.Row(format, compression.ToString(), events, files, bytes / 1e6, (double)bytes / events, "", "", "", "", "", "", "up to date (skipped)");
                Console.Error.WriteLine($"dataset: {format} {compression}: up to date");
                continue;
            }
            Directory.CreateDirectory(folder);
            using var exclusive = Lock(folder);
            File.Delete(ManifestPath(folder));
            foreach (var old in Directory.GetFiles(folder, "nanoaod-like-*.root*")) File.Delete(old);
            var written = new List<DatasetFileStats>();
            var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var records = new List<ManifestFile>();
            for (int k = 0; k < files; k++)
            {
                long first = events * k / files, count = events * (k + 1) / files - first;
                string path = Path.Combine(folder, $"nanoaod-like-{k}.root");
                var stats = NanoAodDatasetFile.Write(source, path, count, first, FileSeed(seed, k), compression, clusterEntries, format, pageSize);
                written.Add(stats);
                records.Add(new ManifestFile(Path.GetFileName(path), count, stats.FileBytes));
                Console.Error.WriteLine($"dataset: {format} {compression}: {Path.GetFileName(path)}: {count} events, {stats.FileBytes / 1e6:0.0} MB in {stats.Elapsed.TotalSeconds:0.0} s");
            }
            File.WriteAllText(ManifestPath(folder), JsonSerializer.Serialize(new Manifest(parameters, records), JsonOptions));
            long fileBytes = written.Sum(w => w.FileBytes), raw = written.Sum(w => w.UncompressedBytes);
            double seconds = written.Sum(w => w.Elapsed.TotalSeconds);
            // CPU time as well as wall time: on a shared machine the wall clock also measures the neighbours.
            double cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            table.Row(format, compression.ToString(), events, files, fileBytes / 1e6, (double)fileBytes / events, raw / 1e6, (double)raw / fileBytes,
                seconds, cpu, fileBytes / 1e6 / seconds, raw / 1e6 / seconds, "written");
        }
        Console.WriteLine($"NanoAOD-like dataset in {output}: events resampled from {Source} (random azimuthal rotation, {NanoAodResampler.Smearing:P0} pT/mass smearing; in {NanoAodResampler.DimuonFraction:P0} of the events the muons are a real Z->mumu pair from {DimuonSource}), seed {seed}, {clusterEntries} entries per cluster, ~32 KB baskets; {Environment.ProcessorCount} cores.");
        Console.WriteLine();
        table.Print();
        return 0;
    }

    /// <summary>
    /// Holds DIR/&lt;compression&gt;/.lock open for writing while that folder is regenerated, so a second 'dataset' run on the
    /// same folder stops with a message instead of deleting the first one's files under it.
    /// </summary>
    private static FileStream Lock(string folder)
    {
        string path = Path.Combine(folder, ".lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e)
        {
            throw new IOException($"{folder} is being written by another 'dataset' run ({path} is locked): {e.Message}", e);
        }
    }

    /// <summary>Where a format's files of one compression go: DIR/zstd (TTree), DIR/rntuple-zstd (RNTuple).</summary>
    public static string Folder(DatasetFormat format, RootCompression compression) =>
        format == DatasetFormat.RNTuple ? "rntuple-" + compression.Name : compression.Name;

    /// <summary>Each file draws from its own stream, so a file's content depends only on the seed and its number.</summary>
    private static int FileSeed(int seed, int file) => unchecked(seed * 1_000_003 + file);

    private static string ManifestPath(string folder) => Path.Combine(folder, "manifest.json");

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The existing manifest when it records the same parameters and every file it lists is there with its size.</summary>
    private static Manifest? UpToDate(string folder, Parameters wanted)
    {
        var path = ManifestPath(folder);
        if (!File.Exists(path)) return null;
        Manifest? existing;
        try
        {
            existing = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;
        }
        if (existing?.Parameters != wanted || existing.Files is null || existing.Files.Count != wanted.FileCount) return null;
        foreach (var f in existing.Files)
        {
            var info = new FileInfo(Path.Combine(folder, f.Name));
            if (!info.Exists || info.Length != f.Bytes) return null;
        }
        return existing;
    }

    private sealed record ManifestFile(string Name, long Events, long Bytes);

    /// <summary>What decides a dataset's content; equal parameters mean equal files.</summary>
    private sealed record Parameters(int GeneratorVersion, string Source, long SourceBytes, string DimuonSource, long DimuonSourceBytes,
        double DimuonFraction, string Compression, long Events, int FileCount, int Seed, int ClusterEntries, string? Format = null, int? PageSize = null);

    /// <summary>The parameters a dataset was generated with, and its files (written after the last file is complete).</summary>
    private sealed record Manifest(Parameters Parameters, List<ManifestFile> Files);
}
