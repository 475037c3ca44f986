using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Tests.Faults;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Root;

/// <summary>Truncated or bit-flipped copies of real files: the reader either reads or throws HepDataException, never anything else.</summary>
public class DamagedFileTests
{
    [Theory]
    [InlineData("uproot-simple.root", 1)]
    [InlineData("uproot-HZZ-lz4.root", 997)]
    [InlineData("uproot-Zmumu-zstd.root", 991)]
    [InlineData("uproot-sample-6.14.00-lzma.root", 97)]
    [InlineData("nanoAOD_2015_CMS_Open_Data_ttbar.root", 1499)]
    public void BitFlipsGiveDataErrorsOnly(string name, int step)
    {
        var original = File.ReadAllBytes(TestFiles.Path(name));
        for (int at = 0; at < original.Length; at += step)
        {
            var copy = (byte[])original.Clone();
            copy[at] ^= 0x5A;
            string location = $"{name} flipped at {at}";
            if (ReadEverything(copy, location) is var (error, column)) ReadErrors.AssertNamesWhere(error, location, column);
        }
    }

    [Theory]
    [InlineData("uproot-foriter.root", 37)]
    [InlineData("uproot-HZZ-zlib.root", 4099)]
    public void TruncationsGiveDataErrorsOnly(string name, int step)
    {
        var original = File.ReadAllBytes(TestFiles.Path(name));
        int errors = 0;
        for (int length = 0; length < original.Length; length += step)
        {
            string location = $"{name} cut at {length}";
            if (ReadEverything(original[..length], location) is not var (error, column)) continue;
            ReadErrors.AssertNamesWhere(error, location, column);
            errors++;
        }
        // Every cut loses the end of the file, where ROOT keeps the keys list, streamers and free segments: no cut reads cleanly.
        Assert.Equal((original.Length + step - 1) / step, errors);
    }

    [Fact]
    public void CorruptLz4ChecksumIsReported()
    {
        string name = "uproot-HZZ-lz4.root";
        var bytes = File.ReadAllBytes(TestFiles.Path(name));
        using (var clean = RootFile.Open(new MemorySource(bytes, name)))
        using (var tree = clean.OpenTree("events"))
        {
            var basket = tree.Baskets("Jet_Px").First(b => b.Bytes > 200);
            bytes[basket.Seek + basket.Bytes - 10] ^= 0xFF;
        }
        using var file = RootFile.Open(new MemorySource(bytes, name));
        using var damaged = file.OpenTree("events");
        var e = Assert.Throws<HepDataException>(() => damaged.Column<float>("Jet_Px").Read(0, (int)damaged.Entries, new ColumnBuffer<float>()));
        Assert.Contains("checksum", e.Message);
        Assert.Contains("Jet_Px", e.Message);
        Assert.Contains("basket", e.Message);
        Assert.Contains(name, e.Message);
    }

    /// <summary>
    /// Byte 8948 of Zmumu lies in a zlib payload of 'E1' where a flip still inflates, to more than the declared size:
    /// a reader that stops once its buffer is full returns wrong numbers; the stream must be read to its end.
    /// </summary>
    [Fact]
    public void DamageThatStillInflatesIsCaughtAtTheEndOfTheStream()
    {
        string name = "uproot-Zmumu.root";
        var bytes = File.ReadAllBytes(TestFiles.Path(name));
        bytes[8948] = (byte)~bytes[8948];
        using var file = RootFile.Open(new MemorySource(bytes, name));
        using var tree = file.OpenTree("events");
        var basket = tree.Baskets("E1").Single(b => b.Seek <= 8948 && 8948 < b.Seek + b.Bytes);
        var e = Assert.Throws<HepDataException>(() => tree.Column<double>("E1").Read(0, (int)tree.Entries, new ColumnBuffer<double>()));
        Assert.Contains("the data is corrupt", e.Message);
        Assert.Contains($"basket {basket.Index} at offset {basket.Seek}", e.Message);
    }

    /// <summary>A damaged Adler-32 trailer leaves the inflated bytes intact: only reading the stream to its end notices.</summary>
    [Fact]
    public void DamagedZlibChecksumIsReported()
    {
        string name = "uproot-Zmumu.root";
        var bytes = File.ReadAllBytes(TestFiles.Path(name));
        BasketInfo basket;
        using (var clean = RootFile.Open(new MemorySource(bytes, name)))
        using (var t = clean.OpenTree("events"))
            basket = t.Baskets("E1")[0];
        bytes[basket.Seek + basket.Bytes - 1] ^= 0x01;
        using var file = RootFile.Open(new MemorySource(bytes, name));
        using var tree = file.OpenTree("events");
        var e = Assert.Throws<HepDataException>(() => tree.Column<double>("E1").Read(0, 10, new ColumnBuffer<double>()));
        Assert.Contains("Adler-32", e.Message);
        Assert.Contains($"branch 'E1' basket 0 at offset {basket.Seek}", e.Message);
    }

    [Fact]
    public void ImplausibleUncompressedSizeIsRefusedBeforeAllocating()
    {
        string path = TestFiles.Path("uproot-HZZ-zlib.root");
        using var file = RootFile.Open(path);
        var key = file.FindKey("events");
        Assert.True(key.IsCompressed);
        var raw = File.ReadAllBytes(path).AsSpan((int)key.SeekKey + key.KeyLength, key.Nbytes - key.KeyLength).ToArray();
        HepDsl.Runtime.Compression.RootDecompressor.CheckDeclaredSize(raw, key.ObjectLength, "ok");
        var e = Assert.Throws<HepDataException>(() => HepDsl.Runtime.Compression.RootDecompressor.CheckDeclaredSize(raw, 1L << 30, "the TTree"));
        Assert.Contains("the TTree", e.Message);
        Assert.Contains(key.ObjectLength.ToString(), e.Message);
    }

    /// <summary>
    /// Reads every column of every tree; returns the data error, if any, with the column being read when it was raised
    /// (null while opening the file or a tree). Any other exception fails the test.
    /// </summary>
    private static (HepDataException Error, ColumnInfo? Column)? ReadEverything(byte[] bytes, string what)
    {
        ColumnInfo? reading = null;
        try
        {
            using var file = RootFile.Open(new MemorySource(bytes, what));
            foreach (var name in file.TreeNames)
            {
                reading = null;
                using var tree = file.OpenTree(name);
                foreach (var column in tree.Columns)
                {
                    reading = column;
                    long n = Math.Min(tree.Entries, 100_000);
                    if (column.Type == ColumnType.String) tree.ReadStrings(column.Name, 0, (int)n, []);
                    else tree.ReadAsDoubles(column.Name, 0, (int)n, [], []);
                }
            }
            return null;
        }
        catch (HepDataException e)
        {
            return (e, reading);
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            throw;
        }
    }
}
