using System.Text.RegularExpressions;

namespace HepDsl.Lambda.Emulator;

/// <summary>
/// Checks that a request carries a well-formed SigV4 signature for service <c>lambda</c>. The emulator has no secret
/// to verify it against; the point is that the client really signs its requests as AWS requires.
/// </summary>
public static partial class SigV4HeaderCheck
{
    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=[^/\s]+/(\d{8})/[a-z0-9-]+/lambda/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=[0-9a-f]{64}$")]
    private static partial Regex Authorization();

    [GeneratedRegex(@"^(\d{8})T\d{6}Z$")]
    private static partial Regex AmzDate();

    /// <summary>Null when well-formed, else what is wrong.</summary>
    public static string? Problem(string? authorization, string? amzDate)
    {
        if (string.IsNullOrEmpty(authorization)) return "missing Authorization header";
        var auth = Authorization().Match(authorization);
        if (!auth.Success) return "Authorization header is not a SigV4 signature for service 'lambda'";
        if (amzDate is null || AmzDate().Match(amzDate) is not { Success: true } date) return "missing or malformed X-Amz-Date header";
        if (date.Groups[1].Value != auth.Groups[1].Value) return "credential scope date differs from X-Amz-Date";
        var signed = auth.Groups[2].Value.Split(';');
        if (!signed.Contains("host") || !signed.Contains("x-amz-date")) return "SignedHeaders must include host and x-amz-date";
        return null;
    }
}
