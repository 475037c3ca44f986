using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Tests.Faults;

/// <summary>What a data error raised by damaged input must name, depending on where the reader was when it noticed.</summary>
internal static class ReadErrors
{
    /// <summary>
    /// Every error names the file. One raised while reading a column (the file and tree opened, so the reader knows
    /// which branch and basket it was decoding) also names that branch, or its counter branch, and the basket or byte
    /// offset (or says the tree metadata describing the branch is at fault).
    /// </summary>
    public static void AssertNamesWhere(HepDataException e, string location, ColumnInfo? reading)
    {
        Assert.True(e.Message.Contains(location, StringComparison.Ordinal), $"{location}: the error does not name the file: {e.Message}");
        if (reading is null) return;
        // A leaf-list column "branch.leaf" is decoded from the baskets of "branch".
        string branch = reading.Name.Contains('.', StringComparison.Ordinal) ? reading.Name[..reading.Name.LastIndexOf('.')] : reading.Name;
        bool namesBranch = e.Message.Contains($"'{reading.Name}'", StringComparison.Ordinal) || e.Message.Contains($"'{branch}'", StringComparison.Ordinal)
                           || (reading.CounterBranch is { } counter && e.Message.Contains($"'{counter}'", StringComparison.Ordinal));
        Assert.True(namesBranch, $"{location}: reading '{reading.Name}', the error does not name its branch: {e.Message}");
        // "tree metadata": the damage is in the TTree record's description of the branch (leaf length, basket table),
        // which has no basket of its own to name.
        Assert.True(e.Message.Contains("basket ", StringComparison.Ordinal) || e.Message.Contains("offset ", StringComparison.Ordinal)
                    || e.Message.Contains("tree metadata", StringComparison.Ordinal),
            $"{location}: reading '{reading.Name}', the error names neither a basket, an offset nor the tree metadata: {e.Message}");
    }
}
