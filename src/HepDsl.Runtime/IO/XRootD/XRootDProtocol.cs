namespace HepDsl.Runtime.IO.XRootD;

/// <summary>
/// Numbers of the XRootD wire protocol (version 5) that this client uses: request codes, response statuses, error
/// codes and flags, as the protocol specification (XProtocol.hh) defines them. All integers on the wire are big-endian.
/// </summary>
internal static class XRootDProtocol
{
    /// <summary>The protocol version this client speaks (5.1.0).</summary>
    public const int ClientProtocolVersion = 0x511;

    public const int RequestHeaderLength = 24;
    public const int ResponseHeaderLength = 8;

    // Request codes.
    public const ushort Auth = 3000, Close = 3003, Dirlist = 3004, Protocol = 3006, Login = 3007, Open = 3010,
        Read = 3013, Stat = 3017, Readv = 3025;

    // Response statuses.
    public const ushort Ok = 0, OkSoFar = 4000, Attn = 4001, AuthMore = 4002, Error = 4003, Redirect = 4004,
        Wait = 4005, WaitResp = 4006, Status = 4007;

    /// <summary>kXR_attn action: the deferred answer to a request that got kXR_waitresp.</summary>
    public const int AsyncResponse = 5008;

    // kXR_open options.
    public const ushort OpenRead = 0x0010, OpenReturnStat = 0x0400;

    // kXR_protocol request flags and response flags.
    public const byte AbleTls = 0x02, WantTls = 0x04;
    public const byte ExpectLogin = 0x03;
    public const uint HaveTls = 0x80000000, GotoTls = 0x40000000;

    // kXR_login capability: asynchronous responses understood, protocol generation 5 (TLS-capable client).
    public const byte LoginCapabilities = 0x80 | 5;

    // kXR_stat response flags.
    public const int StatIsDirectory = 2, StatOther = 4, StatOffline = 8, StatReadable = 16;

    /// <summary>Largest chunk of one kXR_readv element, and most elements per request (XrdProto::maxRvecsz).</summary>
    public const int ReadvMaxChunk = 2 * 1024 * 1024 - 16, ReadvMaxElements = 1024;

    /// <summary>Name of a request code, for messages.</summary>
    public static string RequestName(ushort code) => code switch
    {
        Auth => "kXR_auth", Close => "kXR_close", Dirlist => "kXR_dirlist", Protocol => "kXR_protocol",
        Login => "kXR_login", Open => "kXR_open", Read => "kXR_read", Stat => "kXR_stat", Readv => "kXR_readv",
        _ => $"request {code}",
    };

    /// <summary>The meaning of a kXR_error code, in words.</summary>
    public static string ErrorName(int code) => code switch
    {
        3000 => "invalid argument", 3001 => "missing argument", 3002 => "argument too long", 3003 => "file locked",
        3004 => "file not open", 3005 => "file system error", 3006 => "invalid request", 3007 => "I/O error",
        3008 => "server out of memory", 3009 => "no space", 3010 => "permission denied", 3011 => "no such file or directory",
        3012 => "server error", 3013 => "not supported by the server", 3014 => "no server available", 3015 => "not a file",
        3016 => "is a directory", 3017 => "cancelled", 3018 => "already exists", 3019 => "checksum error",
        3020 => "in progress", 3021 => "over quota", 3022 => "signature verification failed", 3023 => "decryption failed",
        3024 => "server overloaded", 3025 => "read-only file system", 3026 => "bad payload", 3027 => "attribute not found",
        3028 => "TLS required", 3029 => "no replicas", 3030 => "authentication failed", 3031 => "impossible request",
        3032 => "conflict", 3033 => "too many errors", 3034 => "request timed out",
        _ => $"error {code}",
    };

    /// <summary>Errors worth retrying on a fresh connection (the server is busy or lost its state, not the request wrong).</summary>
    public static bool IsTransientError(int code) => code is 3008 or 3012 or 3014 or 3024 or 3034;
}
