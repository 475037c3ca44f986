using System.Buffers.Binary;
using System.Text;

namespace HepDsl.Runtime.IO.XRootD;

/// <summary>Reads kXR_error bodies (error code, then a NUL-terminated message) into words.</summary>
internal static class XRootDErrors
{
    public static int Code(byte[] body) => body.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(body) : 0;

    public static string Message(byte[] body) => body.Length > 4 ? Encoding.UTF8.GetString(body, 4, body.Length - 4).TrimEnd('\0', ' ', '\n') : "";

    /// <summary>"permission denied (kXR_error 3010: Unable to open /x; permission denied)".</summary>
    public static string Describe(byte[] body)
    {
        int code = Code(body);
        var message = Message(body);
        return $"{XRootDProtocol.ErrorName(code)} (kXR_error {code}{(message.Length > 0 ? $": {message}" : "")})";
    }
}

/// <summary>A server error worth retrying (overloaded, server error, no server available): an IOException, so sources retry it.</summary>
internal sealed class XRootDTransientException(string message) : IOException(message);
