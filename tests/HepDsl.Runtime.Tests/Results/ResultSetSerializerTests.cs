using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Tests.Results;

public class ResultSetSerializerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RoundTripIsBitExact(bool weighted)
    {
        var original = SampleResults.Fill(0, 3000, weighted);
        original.MarkProcessed("s3://bucket/other.root", new EntryRange(100, 50));
        var back = ResultSetSerializer.Deserialize(ResultSetSerializer.Serialize(original));
        ResultAssert.Equal(original, back);
        Assert.Equal(original.Processed, back.Processed);
        Assert.Equal(weighted, back.Histograms[0].IsWeighted);
        // Serializing the copy gives the same bytes: nothing is lost or reordered.
        Assert.Equal(ResultSetSerializer.Serialize(original), ResultSetSerializer.Serialize(back));
    }

    [Fact]
    public void LogAxisComesBackAsALogAxis()
    {
        var axis = Axis.Logarithmic(30, 0.25, 300, "m");
        Assert.Equal(0.25, axis.Edges[0]);
        Assert.Equal(300, axis.Edges[^1]);
        Assert.Equal(0.25 * Math.Pow(1200, 0.5), axis.Edges[15], 1e-12);
        Assert.Equal(16, axis.Index(axis.Edges[15]));
        var h = new Histogram1D("mass", "Dimuon mass", axis);
        h.Fill(3.1, 1);
        var book = SampleResults.Book();
        var original = new ResultSet(SampleResults.Analysis, [h], book.Cutflow, book.Aggregates);
        var back = (Histogram1D)ResultSetSerializer.Deserialize(ResultSetSerializer.Serialize(original)).Histograms[0];
        Assert.True(back.X.IsLog);
        Assert.Equal(axis, back.X);
        Assert.Equal(h.SumW, back.SumW);
    }

    [Fact]
    public void RoundTripKeepsSpecialValuesAndEmptyResults()
    {
        var empty = SampleResults.Book();
        ResultAssert.Equal(empty, ResultSetSerializer.Deserialize(ResultSetSerializer.Serialize(empty)));

        var odd = SampleResults.Book();
        var h = (Histogram1D)odd.Histograms[0];
        h.Fill(double.PositiveInfinity, 1e-300);
        h.Fill(-0.0, double.Epsilon);
        h.Fill(61, 1.0 / 3);
        var back = ResultSetSerializer.Deserialize(ResultSetSerializer.Serialize(odd));
        ResultAssert.Equal(odd, back);
        Assert.True(double.IsNaN(back.Aggregate("mean_pt").Value));
    }

    [Fact]
    public void MergingDeserializedPartsEqualsOneRun()
    {
        var whole = SampleResults.Fill(0, 2000, weighted: false);
        var merged = ResultSetSerializer.Deserialize(ResultSetSerializer.Serialize(SampleResults.Fill(0, 700, false)));
        merged.Merge(ResultSetSerializer.Deserialize(ResultSetSerializer.Serialize(SampleResults.Fill(700, 1300, false))));
        ResultAssert.Equal(whole, merged, relativeTolerance: 1e-12);
        Assert.Equal(whole.Cutflow.Passed, merged.Cutflow.Passed);
        Assert.Equal(2000, merged.EntriesProcessed);
    }

    [Fact]
    public void EveryFlippedByteIsDetected()
    {
        var bytes = ResultSetSerializer.Serialize(SampleResults.Fill(0, 50, weighted: true));
        // Every byte position, so header, payload and checksum are all covered.
        for (var i = 0; i < bytes.Length; i++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= (byte)(1 << (i % 8));
            var e = Assert.Throws<InvalidDataException>(() => ResultSetSerializer.Deserialize(damaged));
            Assert.Matches("checksum|magic|version|truncated|padded", e.Message);
        }
    }

    [Fact]
    public void TruncatedOrPaddedResultIsRefused()
    {
        var bytes = ResultSetSerializer.Serialize(SampleResults.Fill(0, 20, weighted: false));
        foreach (var length in new[] { 0, 5, 19, 40, bytes.Length / 2, bytes.Length - 1 })
        {
            var e = Assert.Throws<InvalidDataException>(() => ResultSetSerializer.Deserialize(bytes.AsSpan(0, length)));
            Assert.Matches("truncated|checksum", e.Message);
        }
        var padded = bytes.Concat(new byte[] { 0 }).ToArray();
        Assert.Contains("padded", Assert.Throws<InvalidDataException>(() => ResultSetSerializer.Deserialize(padded)).Message);
    }

    [Fact]
    public void OtherVersionsAndFormatsAreRefusedByName()
    {
        var bytes = ResultSetSerializer.Serialize(SampleResults.Book());
        // Version 1 predates the 1D counts label: its histograms have a different layout.
        bytes[8] = 1;
        Assert.Contains("format version 1", Assert.Throws<InvalidDataException>(() => ResultSetSerializer.Deserialize(bytes)).Message);
        var root = File.ReadAllBytes(RepoPaths.Data("uproot-issue-722.root"));
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => ResultSetSerializer.Deserialize(root)).Message);
    }
}
