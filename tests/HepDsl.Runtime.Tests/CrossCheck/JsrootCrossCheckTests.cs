using HepDsl.Runtime.Root;
using HepDsl.Runtime.Tests.Support;
using HepDsl.Runtime.Trees;
using Xunit.Abstractions;

namespace HepDsl.Runtime.Tests.CrossCheck;

/// <summary>
/// HepDsl's reader against JSROOT, an independent implementation, value for value: every branch of every tree of each
/// file, as either reader lists them. A branch is left out only by an entry of <see cref="Exclusions"/>, whose reason
/// is checked too; any other branch that either reader cannot read fails the test. One Node process per tree.
/// </summary>
public class JsrootCrossCheckTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var pattern in new[] { "uproot-HZZ*.root", "uproot-Zmumu*.root", "uproot-sample-*.root", "nanoAOD_*.root",
                                        "uproot-leaflist.root", "uproot-double32-float16.root", "uproot-small-*.root", "uproot-simple.root" })
            foreach (var name in RepoPaths.DataNames(pattern)) data.Add(name);
        return data;
    }

    /// <summary>A branch that is not compared, why, and a check that the reason still holds (so the list cannot go stale).</summary>
    private sealed record Exclusion(string File, Func<BranchDescription?, JsrootBranch?, bool> Applies, string Reason);

    private static readonly Exclusion[] Exclusions =
    [
        // JSROOT 7.11.2 has no reader for TLeafD32/TLeafF16 leaves of plain TBranches: it logs "Not supported branch
        // ... type TBranch" and refuses the branch. HepDsl's Double32/Float16 decoding is checked within their
        // precision against the written values in the reader's own tests.
        new("uproot-double32-float16.root",
            (ours, theirs) => ours?.Column?.RootTypeName is { } type && (type.StartsWith("Double32_t", StringComparison.Ordinal) || type.StartsWith("Float16_t", StringComparison.Ordinal))
                              && theirs?.Error is { } error && error.StartsWith("Fail to add branch", StringComparison.Ordinal),
            "JSROOT does not read Double32_t/Float16_t leaves"),
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_branch_equals_jsroot(string name)
    {
        string path = RepoPaths.Data(name);
        using var file = RootFile.Open(path);
        Assert.NotEmpty(file.TreeNames);
        int compared = 0, branches = 0;
        var notes = new List<string>();
        IReadOnlyDictionary<string, JsrootBranch>? standInValues = null;
        foreach (var treeName in file.TreeNames)
        {
            using var tree = file.OpenTree(treeName);
            // No list: JSROOT enumerates the tree's branches itself, so a branch HepDsl does not list is still seen.
            var jsroot = JsrootDump.Read(path, treeName);
            var ours = tree.Branches.ToDictionary(b => b.Name, StringComparer.Ordinal);
            var all = ours.Keys.Union(jsroot.Keys).Order(StringComparer.Ordinal).ToList();
            Assert.True(all.Count == ours.Count, $"{name}:{treeName}: JSROOT lists branches HepDsl does not: {string.Join(", ", all.Except(ours.Keys))}");
            foreach (var branch in all)
            {
                branches++;
                var description = ours.GetValueOrDefault(branch);
                var theirs = jsroot.GetValueOrDefault(branch);
                if (Exclusions.FirstOrDefault(x => x.File == name && x.Applies(description, theirs)) is { } excluded)
                {
                    notes.Add($"{treeName}/{branch}: not compared, {excluded.Reason}");
                    continue;
                }
                string where = $"{name}:{treeName}: branch '{branch}' ({description?.LeafType})";
                Assert.True(description?.Column is not null, $"{where}: HepDsl cannot read it ({description?.UnsupportedReason}) and no exclusion says why that is right");
                var column = description!.Column!;
                Assert.True(theirs is not null, $"{where}: JSROOT said nothing about it");
                if (theirs!.Error is not null && StandIns.TryGetValue(name, out var standIn))
                {
                    // JSROOT cannot read this branch here, but reads the same events from a sibling file written differently.
                    theirs = (standInValues ??= JsrootDump.Read(RepoPaths.Data(standIn), treeName))[branch];
                    notes.Add($"{treeName}/{branch}: compared with JSROOT's reading of {standIn}");
                }
                Assert.True(theirs.Error is null, $"{where}: JSROOT cannot read it: {theirs.Error}");
                var mine = EntryTokens.FromHepDsl(tree, column);
                var expected = theirs.Values!.Select(v => EntryTokens.FromJsroot(v, column)).ToList();
                Assert.Equal(expected.Count, mine.Count);
                for (int i = 0; i < mine.Count; i++)
                    if (mine[i] != expected[i])
                        Assert.Fail($"{where} entry {i}: HepDsl {mine[i]}, JSROOT {expected[i]}");
                compared++;
            }
        }
        output.WriteLine($"{name}: {compared} of {branches} branches equal to JSROOT; {string.Join("; ", notes)}");
        Assert.True(branches > 0, $"{name}: no branches");
        if (name.StartsWith("nanoAOD_", StringComparison.Ordinal)) Assert.Equal(947, compared);
    }

    /// <summary>
    /// Files whose branches JSROOT 7.11.2 cannot read, with a sibling holding the same events that it can: JSROOT returns
    /// no entries for leaf-counted arrays (Jet_pt[nJet]) whose baskets were written without entry-offset tables.
    /// </summary>
    private static readonly Dictionary<string, string> StandIns = new()
    {
        ["uproot-small-dy-nooffsets.root"] = "uproot-small-dy-withoffsets.root",
    };
}
