using System.Text;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.IO.XRootD;

/// <summary>
/// Authentication after kXR_login when the server lists security protocols (<c>&amp;P=unix&amp;P=gsi,...</c> in the
/// login response). Supported: <c>unix</c> (the user name, as the server trusts it) and <c>ztn</c> (a bearer token,
/// found by <see cref="BearerToken"/>; servers only offer it over TLS). X.509/GSI, Kerberos, sss and pwd are not
/// supported: if only those are offered, the error says so.
/// </summary>
internal static class XRootDSecurity
{
    /// <summary>The protocols of a login response's security part, in the server's order of preference.</summary>
    public static IReadOnlyList<(string Name, string Parameters)> ParseOffer(string text)
    {
        var result = new List<(string, string)>();
        foreach (var part in text.Split("&P=", StringSplitOptions.RemoveEmptyEntries))
        {
            var item = part.Trim('\0', '&', ' ');
            if (item.Length == 0) continue;
            int comma = item.IndexOf(',');
            result.Add(comma < 0 ? (item, "") : (item[..comma], item[(comma + 1)..]));
        }
        return result;
    }

    /// <summary>The kXR_auth credential type (4 bytes) and credentials for <paramref name="protocol"/>, or null with a reason when it cannot be used.</summary>
    public static (byte[] CredType, byte[] Credentials)? Credentials(string protocol, Func<(string Token, string Source)?> token, out string? whyNot)
    {
        whyNot = null;
        switch (protocol)
        {
            case "unix":
            {
                // "unix\0<user>\0": the server takes the name as given (an optional " group" may follow the user).
                var bytes = Encoding.ASCII.GetBytes($"unix\0{SafeUserName()}\0");
                return (CredType("unix"), bytes);
            }
            case "ztn":
            {
                if (token() is not { } found)
                {
                    whyNot = "ztn (bearer token): no token found (set BEARER_TOKEN, BEARER_TOKEN_FILE, or put one in $XDG_RUNTIME_DIR/bt_u$UID)";
                    return null;
                }
                // Header "ztn\0", version 0, operation 'T' (a token follows), two reserved bytes, then the
                // big-endian length of the token including its terminating NUL, and the token.
                var tokenBytes = Encoding.ASCII.GetBytes(found.Token);
                var bytes = new byte[8 + 2 + tokenBytes.Length + 1];
                "ztn"u8.CopyTo(bytes);
                bytes[5] = (byte)'T';
                bytes[8] = (byte)((tokenBytes.Length + 1) >> 8);
                bytes[9] = (byte)(tokenBytes.Length + 1);
                tokenBytes.CopyTo(bytes, 10);
                return (CredType("ztn"), bytes);
            }
            case "gsi":
                whyNot = "gsi (X.509 certificates / proxies) is not supported by HepDsl's XRootD client";
                return null;
            default:
                whyNot = $"{protocol} is not supported by HepDsl's XRootD client";
                return null;
        }
    }

    private static byte[] CredType(string name)
    {
        var type = new byte[4];
        Encoding.ASCII.GetBytes(name).AsSpan(0, Math.Min(4, name.Length)).CopyTo(type);
        return type;
    }

    internal static string SafeUserName()
    {
        var name = Environment.UserName;
        var clean = new string(name.Where(c => c is > ' ' and < (char)127).ToArray());
        return clean.Length == 0 ? "hepdsl" : clean;
    }

    /// <summary>The error when no offered protocol could be used.</summary>
    public static HepDataException NoUsableProtocol(string endpoint, IReadOnlyList<(string Name, string Parameters)> offer, IReadOnlyList<string> reasons) =>
        new($"root://{endpoint}: the server requires authentication ({string.Join(", ", offer.Select(p => p.Name))}) and none could be used: {string.Join("; ", reasons)}"
            + (offer.Any(p => p.Name == "gsi") ? ". X.509/GSI authentication is out of scope; use a bearer token (ztn) or the server's HTTPS endpoint with a token" : ""));
}
