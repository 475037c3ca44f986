using System.Diagnostics;

namespace HepDsl.Tests;

/// <summary>
/// A real xrootd data server and a redirector in front of it (scripts/start-xrootd.sh: Debian's xrootd-server,
/// installed by the script when missing) on 127.0.0.1 with free ports, exporting the shared ROOT files and an
/// unreadable.root the daemon user cannot read, and a TLS-offering data server for roots://. One pair for the XRootD test collection; stopped on dispose.
/// </summary>
public sealed class XRootDServerFixture : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "hepdsl-xrootd-" + Guid.NewGuid().ToString("N"));

    public XRootDServerFixture()
    {
        var output = RunScript(["--state", _state]);
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
        if (!values.TryGetValue("port", out var port) || !values.TryGetValue("redirector_port", out var redirector))
            throw new InvalidOperationException($"start-xrootd.sh printed no ports:\n{output}");
        DataPort = int.Parse(port, System.Globalization.CultureInfo.InvariantCulture);
        RedirectorPort = int.Parse(redirector, System.Globalization.CultureInfo.InvariantCulture);
        TlsPort = int.Parse(values["tls_port"], System.Globalization.CultureInfo.InvariantCulture);
        CertificateDirectory = values["ca_dir"];
    }

    /// <summary>The data server that offers TLS, with a self-signed certificate for 127.0.0.1.</summary>
    public int TlsPort { get; }
    /// <summary>Directory holding that certificate (what X509_CERT_DIR would name).</summary>
    public string CertificateDirectory { get; }

    /// <summary><c>roots://127.0.0.1:TLSPORT//NAME</c>.</summary>
    public string TlsUrl(string name) => $"roots://127.0.0.1:{TlsPort}//{name}";

    public int DataPort { get; }
    public int RedirectorPort { get; }

    /// <summary><c>root://127.0.0.1:PORT//NAME</c> on the data server.</summary>
    public string Url(string name) => $"root://127.0.0.1:{DataPort}//{name}";

    /// <summary>The same file through the redirector.</summary>
    public string RedirectorUrl(string name) => $"root://127.0.0.1:{RedirectorPort}//{name}";

    private static string RunScript(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Scripts, "start-xrootd.sh"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10))) { process.Kill(true); throw new InvalidOperationException("start-xrootd.sh did not finish in 10 minutes"); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"start-xrootd.sh failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }

    public void Dispose()
    {
        try { RunScript(["stop", "--state", _state]); } catch (InvalidOperationException) { }
        try { Directory.Delete(_state, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}

[CollectionDefinition("xrootd")]
public sealed class XRootDCollection : ICollectionFixture<XRootDServerFixture>;
