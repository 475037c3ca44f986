using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Tests.Support;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Tests.IO;

public class ByteSourcesTests
{
    [Fact]
    public void Local_paths_and_file_urls_open_local_sources()
    {
        string path = RepoPaths.Data("uproot-simple.root");
        using (var a = ByteSources.Open(path)) Assert.IsType<LocalFileSource>(a);
        using var b = ByteSources.Open(new Uri(path).AbsoluteUri);
        Assert.IsType<LocalFileSource>(b);
        Assert.Equal(new FileInfo(path).Length, b.Length);
    }

    [Theory]
    [InlineData("gopher://x/y.root", "unsupported scheme")]
    [InlineData("ftp://x/y.root", "root://")]
    public void Unsupported_schemes_are_refused_with_the_alternative(string location, string expected)
    {
        var e = Assert.Throws<HepDataException>(() => ByteSources.Open(location));
        Assert.Contains(location, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Event_sources_open_local_trees_and_close_the_file()
    {
        string path = RepoPaths.Data("uproot-Zmumu.root");
        var tree = EventSources.Open(path, "events");
        Assert.Equal(2304, tree.Entries);
        tree.Dispose();
        // The handle is released: the file can be opened exclusively.
        using var exclusive = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
        Assert.Throws<HepDataException>(() => EventSources.Open(path, "nosuchtree"));
    }

    [Fact]
    public void Globs_expand_sorted_and_fail_clearly_when_nothing_matches()
    {
        var files = InputGlobs.Expand([Path.Combine(RepoPaths.DataFolder, "uproot-HZZ-*.root")]);
        Assert.Equal(["lz4", "lzma", "uncompressed", "zlib", "zstd"], files.Select(f => Path.GetFileNameWithoutExtension(f)["uproot-HZZ-".Length..]));
        var e = Assert.Throws<HepDataException>(() => InputGlobs.Expand([Path.Combine(RepoPaths.DataFolder, "nothing-*.root")]));
        Assert.Contains("nothing-*.root", e.Message);
        Assert.Equal(["s3://b/k.root"], InputGlobs.Expand(["s3://b/k.root"]));
    }

    [Fact]
    public void An_input_named_twice_is_refused_naming_both_arguments()
    {
        var path = RepoPaths.Data("uproot-HZZ-lz4.root");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        // The same path twice, two spellings of one file, a path and a pattern that matches it, one URL twice.
        foreach (var inputs in new[]
        {
            new[] { path, path },
            [path, relative],
            [Path.Combine(RepoPaths.DataFolder, "uproot-HZZ-*.root"), path],
            ["s3://b/k.root", "s3://b/k.root"],
        })
        {
            var e = Assert.Throws<HepDataException>(() => InputGlobs.Expand(inputs));
            Assert.Contains("given twice", e.Message);
            Assert.Contains(inputs[1], e.Message);
        }
        // Different files, and two patterns that do not overlap, are fine.
        Assert.Equal(2, InputGlobs.Expand([path, RepoPaths.Data("uproot-HZZ-zlib.root")]).Count);
        Assert.Equal(4, InputGlobs.Expand([Path.Combine(RepoPaths.DataFolder, "uproot-HZZ-l*.root"), Path.Combine(RepoPaths.DataFolder, "uproot-HZZ-z*.root")]).Count);
    }

    [Fact]
    public async Task The_cache_serves_prefetched_ranges_and_stays_bounded()
    {
        string path = RepoPaths.Data("uproot-HZZ.root");
        var bytes = File.ReadAllBytes(path);
        using var cache = new CachingByteSource(new LocalFileSource(path), capacityBytes: 1000);
        cache.Prefetch([(100, 400), (600, 400)]);
        var buffer = new byte[50];
        await cache.ReadAsync(650, buffer);
        Assert.Equal(bytes[650..700], buffer);
        Assert.Equal(1, cache.Hits);
        cache.Prefetch([(2000, 400)]);  // over capacity: the oldest block goes
        await cache.ReadAsync(150, buffer);
        Assert.Equal(bytes[150..200], buffer);
        Assert.Equal(1, cache.Hits);
        await cache.ReadAsync(2100, buffer);
        Assert.Equal(bytes[2100..2150], buffer);
        Assert.Equal(2, cache.Hits);
    }
}
