using HepDsl.Runtime.IO;

namespace HepDsl.Runtime.Tests.IO;

public class RangeCoalescerTests
{
    [Fact]
    public void Nearby_ranges_share_a_request_and_far_ones_do_not()
    {
        var ranges = new List<(long, int)> { (1000, 100), (0, 100), (150, 50), (5000, 10) };
        var groups = RangeCoalescer.Coalesce(ranges, gapBytes: 100, maxRequestBytes: 1 << 20);
        Assert.Equal(3, groups.Count);
        Assert.Equal((0L, 200), (groups[0].Offset, groups[0].Length));
        Assert.Equal([1, 2], groups[0].Members);
        Assert.Equal((1000L, 100), (groups[1].Offset, groups[1].Length));
        Assert.Equal((5000L, 10), (groups[2].Offset, groups[2].Length));
    }

    [Fact]
    public void Overlapping_and_duplicate_ranges_are_covered_once()
    {
        var groups = RangeCoalescer.Coalesce([(10, 100), (50, 20), (10, 100)], gapBytes: 0, maxRequestBytes: 1 << 20);
        var only = Assert.Single(groups);
        Assert.Equal((10L, 100), (only.Offset, only.Length));
        Assert.Equal(3, only.Members.Count);
    }

    [Fact]
    public void Requests_are_split_at_the_maximum_size()
    {
        var ranges = Enumerable.Range(0, 10).Select(i => ((long)i * 100, 100)).ToList();
        var groups = RangeCoalescer.Coalesce(ranges, gapBytes: 1000, maxRequestBytes: 300);
        Assert.Equal([300, 300, 300, 100], groups.Select(g => g.Length));
        Assert.Equal(10, groups.Sum(g => g.Members.Count));
    }
}
