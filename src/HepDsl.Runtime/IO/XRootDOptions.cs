using System.Security.Cryptography.X509Certificates;

namespace HepDsl.Runtime.IO;

/// <summary>How <c>root://</c> servers are reached: where a bearer token comes from and which CAs are trusted for <c>roots://</c>.</summary>
public sealed record XRootDOptions
{
    /// <summary>
    /// Finds the bearer token sent by the <c>ztn</c> security protocol when a server asks for it; null (the default)
    /// uses the WLCG discovery rules (<c>XRootD.BearerToken</c>).
    /// </summary>
    public Func<(string Token, string Source)?>? Token { get; init; }

    /// <summary>Extra trusted CA certificates for TLS (<c>roots://</c>); by default those of <c>X509_CERT_DIR</c>, else only the system's.</summary>
    public X509Certificate2Collection? TrustedCertificates { get; init; } = FromCertificateDirectory(Environment.GetEnvironmentVariable("X509_CERT_DIR"));

    /// <summary>Loads every PEM certificate (<c>*.pem</c>, <c>*.crt</c>, hashed <c>*.0</c>) of <paramref name="directory"/>.</summary>
    public static X509Certificate2Collection? FromCertificateDirectory(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory) || !Directory.Exists(directory)) return null;
        var result = new X509Certificate2Collection();
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(file);
            if (!(name.EndsWith(".pem", StringComparison.Ordinal) || name.EndsWith(".crt", StringComparison.Ordinal) || name.EndsWith(".0", StringComparison.Ordinal))) continue;
            try { result.ImportFromPemFile(file); }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException) { /* not a certificate */ }
        }
        return result.Count > 0 ? result : null;
    }
}
