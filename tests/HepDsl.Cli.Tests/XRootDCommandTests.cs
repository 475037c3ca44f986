using HepDsl.Cli.Commands;

namespace HepDsl.Cli.Tests;

/// <summary><c>hep inspect</c>, <c>hep dump</c> and <c>hep schema</c> on root:// URLs print what they print for the local file.</summary>
[Collection("xrootd")]
public sealed class XRootDCommandTests(XRootDServerFixture server)
{
    [Theory]
    [InlineData("uproot-HZZ-lz4.root")]
    [InlineData("nanoAOD_2015_CMS_Open_Data_ttbar.root")]
    public void Inspect_dump_and_schema_over_root_equal_the_local_output(string name)
    {
        string local = RepoPaths.Data(name), remote = server.RedirectorUrl(name);

        var inspectLocal = new StringWriter();
        InspectCommand.Write(inspectLocal, local);
        var inspectRemote = new StringWriter();
        InspectCommand.Write(inspectRemote, remote);
        Assert.Equal(inspectLocal.ToString().Replace(local, "FILE", StringComparison.Ordinal), inspectRemote.ToString().Replace(remote, "FILE", StringComparison.Ordinal));

        var dumpLocal = new StringWriter();
        DumpCommand.Write(dumpLocal, local, null, null, first: 5, entries: 40);
        var dumpRemote = new StringWriter();
        DumpCommand.Write(dumpRemote, remote, null, null, first: 5, entries: 40);
        Assert.Equal(40, dumpLocal.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(dumpLocal.ToString(), dumpRemote.ToString());

        Assert.Equal(SchemaCommand.Write(local, null), SchemaCommand.Write(remote, null));
    }
}
