using System.IO.Compression;
using System.Runtime.InteropServices;

namespace HepDsl.Runtime.Compression;

/// <summary>
/// Inflates ROOT's zlib blocks without allocating: one zlib inflate state per thread, reset for every block, driven
/// directly through the .NET runtime's own zlib (System.IO.Compression.Native, the library
/// <see cref="ZLibStream"/> itself calls), so the decoder is the same zlib(-ng) ZLibStream uses. .NET 10 has no public
/// reusable inflater: a ZLibStream per block allocated its stream objects, handle and state each time (~330 managed
/// bytes per block, plus the native state).
/// </summary>
/// <remarks>
/// The library's exports (CompressionNative_InflateInit2_, _Inflate, _InflateReset2_, _InflateEnd and their
/// PAL_ZStream structure) are the runtime's internal interface, stable since .NET Core 1.0 but not a public contract.
/// So they are bound defensively: if the library or an export cannot be found, or inflating a known stream at start-up
/// gives anything but the expected bytes, <see cref="Available"/> is false and the caller uses ZLibStream as before.
/// </remarks>
internal static unsafe class ZlibInflater
{
    private const int ZOk = 0, ZStreamEnd = 1, ZNeedDictionary = 2, ZDataError = -3, ZBufferError = -5;
    private const int NoFlush = 0, Finish = 4;
    private const int ZlibWindowBits = 15; // zlib header and Adler-32 trailer, 32 KiB window (ZLibStream's setting)

    /// <summary>The runtime's PAL_ZStream (src/native/libs/System.IO.Compression.Native/pal_zlib.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PalZStream
    {
        public byte* NextIn;
        public byte* NextOut;
        public byte* Message;
        public void* InternalState;
        public uint AvailIn;
        public uint AvailOut;
    }

    private static readonly delegate* unmanaged<PalZStream*, int, int> InflateInit2;
    private static readonly delegate* unmanaged<PalZStream*, int, int> InflateCall;
    private static readonly delegate* unmanaged<PalZStream*, int, int> InflateReset2;
    private static readonly delegate* unmanaged<PalZStream*, int> InflateEnd;

    /// <summary>Whether the native path is bound and passed its start-up check.</summary>
    public static bool Available { get; }

    [ThreadStatic] private static State? _state;

    static ZlibInflater()
    {
        try
        {
            if (!TryLoad(out var library)) return;
            if (!NativeLibrary.TryGetExport(library, "CompressionNative_InflateInit2_", out var init)
                || !NativeLibrary.TryGetExport(library, "CompressionNative_Inflate", out var inflate)
                || !NativeLibrary.TryGetExport(library, "CompressionNative_InflateReset2_", out var reset)
                || !NativeLibrary.TryGetExport(library, "CompressionNative_InflateEnd", out var end))
                return;
            InflateInit2 = (delegate* unmanaged<PalZStream*, int, int>)init;
            InflateCall = (delegate* unmanaged<PalZStream*, int, int>)inflate;
            InflateReset2 = (delegate* unmanaged<PalZStream*, int, int>)reset;
            InflateEnd = (delegate* unmanaged<PalZStream*, int>)end;
            Available = SelfCheck();
        }
        catch (Exception)
        {
            // Whatever went wrong (library, exports, the check itself), ZLibStream remains.
            Available = false;
        }
    }

    private static bool TryLoad(out nint library)
    {
        var assembly = typeof(ZLibStream).Assembly;
        foreach (var name in new[] { "libSystem.IO.Compression.Native", "System.IO.Compression.Native" })
        {
            if (NativeLibrary.TryLoad(name, assembly, DllImportSearchPath.AssemblyDirectory, out library)) return true;
            if (NativeLibrary.TryLoad(name, assembly, null, out library)) return true;
        }
        library = 0;
        return false;
    }

    /// <summary>Compresses a known text with ZLibStream and inflates it here: the binding must give it back exactly,
    /// report more-than-declared data, and refuse a damaged Adler-32.</summary>
    private static bool SelfCheck()
    {
        var text = new byte[5000];
        for (int i = 0; i < text.Length; i++) text[i] = (byte)("HepDsl zlib check "[i % 18] + i / 997);
        var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.Fastest, leaveOpen: true)) z.Write(text);
        var zlib = packed.ToArray();
        var back = new byte[text.Length];
        for (int round = 0; round < 2; round++) // the second round goes through the reset path
        {
            Array.Clear(back);
            if (Inflate(zlib, back, out var error) != text.Length || error is not null || !back.AsSpan().SequenceEqual(text)) return false;
        }
        if (Inflate(zlib, new byte[text.Length - 1], out var tooLong) != text.Length - 1 || tooLong is null) return false;
        zlib[^1] ^= 1;
        return Inflate(zlib, back, out var damaged) == text.Length && damaged is not null;
    }

    /// <summary>
    /// Inflates the zlib stream <paramref name="payload"/> into <paramref name="target"/> and checks its Adler-32
    /// trailer. Returns the bytes written; <paramref name="error"/> is null, or says why the stream is unusable
    /// (damaged, cut short, more data than <paramref name="target"/> holds). Call only when <see cref="Available"/>.
    /// </summary>
    public static int Inflate(ReadOnlySpan<byte> payload, Span<byte> target, out string? error)
    {
        var stream = (_state ??= new State()).Stream;
        int rc = stream->InternalState == null ? InflateInit2(stream, ZlibWindowBits) : InflateReset2(stream, ZlibWindowBits);
        if (rc != ZOk)
        {
            error = $"zlib cannot start inflating (code {rc})";
            return 0;
        }
        fixed (byte* input = payload)
        fixed (byte* output = target)
        {
            stream->NextIn = input;
            stream->AvailIn = (uint)payload.Length;
            stream->NextOut = output;
            stream->AvailOut = (uint)target.Length;
            rc = InflateCall(stream, Finish);
            int produced = target.Length - (int)stream->AvailOut;
            error = null;
            if (rc == ZStreamEnd) return produced;
            if (rc == ZBufferError && stream->AvailOut == 0)
            {
                // The target is full before the stream's end: more data, or a stream cut short before its trailer.
                byte extra;
                stream->NextOut = &extra;
                stream->AvailOut = 1;
                rc = InflateCall(stream, NoFlush);
                if (stream->AvailOut == 0) error = $"decompresses to more than the {target.Length} bytes declared";
                else if (rc is ZOk or ZBufferError) error = "the zlib stream ends before its Adler-32 trailer";
                else error = Describe(rc, stream);
                return produced;
            }
            error = rc is ZOk or ZBufferError ? "the zlib stream ends early" : Describe(rc, stream);
            return produced;
        }
    }

    private static string Describe(int rc, PalZStream* stream)
    {
        string detail = stream->Message != null ? Marshal.PtrToStringUTF8((nint)stream->Message) ?? "" : "";
        return rc switch
        {
            ZDataError => $"the zlib stream or its Adler-32 checksum is damaged ({detail})",
            ZNeedDictionary => "the zlib stream needs a preset dictionary",
            _ => $"zlib error {rc} ({detail})",
        };
    }

    /// <summary>One thread's inflate state in native memory; freed when the thread is gone and this is collected.</summary>
    private sealed class State
    {
        public readonly PalZStream* Stream = (PalZStream*)NativeMemory.AllocZeroed((nuint)sizeof(PalZStream));

        ~State()
        {
            if (Stream->InternalState != null) InflateEnd(Stream);
            NativeMemory.Free(Stream);
        }
    }
}
