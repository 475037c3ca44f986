using System.Buffers.Binary;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Tests.Support;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Faults;

/// <summary>
/// Tree metadata that contradicts itself for one branch (issue 11): opening the tree fails naming the file, the
/// branch and the basket, instead of the branch quietly missing from the columns.
/// </summary>
public class DamagedBranchMetadataTests
{
    /// <summary>
    /// A copy of the uncompressed 6.20 sample (its TTree record is stored as is) with basket <paramref name="basket"/>
    /// of <paramref name="branch"/> given offset 0 in the branch's fBasketSeek array.
    /// </summary>
    public static byte[] WithBasketSeekZeroed(string branch, int basket)
    {
        var path = RepoPaths.Data("uproot-sample-6.20.04-uncompressed.root");
        var bytes = File.ReadAllBytes(path);
        long[] seeks;
        using (var tree = TreeSource.Open(path, "sample"))
            seeks = tree.Baskets(branch).Where(b => !b.Embedded).Select(b => b.Seek).ToArray();
        // fBasketSeek is written as big-endian 64-bit offsets, one after the other.
        var pattern = new byte[8 * seeks.Length];
        for (int i = 0; i < seeks.Length; i++) BinaryPrimitives.WriteInt64BigEndian(pattern.AsSpan(8 * i), seeks[i]);
        int at = bytes.AsSpan().IndexOf(pattern);
        Assert.True(at > 0, "fBasketSeek not found");
        Assert.Equal(-1, bytes.AsSpan(at + 1).IndexOf(pattern)); // exactly one place
        bytes.AsSpan(at + 8 * basket, 8).Clear();
        return bytes;
    }

    [Fact]
    public void A_branch_with_a_damaged_basket_list_makes_opening_the_tree_fail_naming_file_branch_and_basket()
    {
        var bytes = WithBasketSeekZeroed("i8", 1);
        using var file = RootFile.Open(new FaultySource(bytes, "damaged.root"));
        var e = Assert.Throws<HepDataException>(() => file.OpenTree("sample"));
        Assert.Equal("damaged.root: the file is damaged: branch 'i8': basket 1 has an invalid position in the tree metadata (offset 0, 95 bytes)", e.Message);
    }
}
