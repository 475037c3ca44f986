using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HepDsl.LanguageServer.Protocol;

/// <summary>
/// JSON-RPC 2.0 messages framed as the Language Server Protocol frames them: ASCII headers
/// (<c>Content-Length: N</c>), a blank line, then N bytes of UTF-8 JSON.
/// </summary>
public sealed class MessageStream(Stream input, Stream output)
{
    private readonly Lock _writeLock = new();

    // Text as it is (η, →) rather than \u escapes: the body is UTF-8 and never embedded in HTML.
    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The next message, or null when the input ended. A malformed frame throws <see cref="InvalidDataException"/>.</summary>
    public async Task<JsonNode?> ReadAsync(CancellationToken cancel = default)
    {
        int? length = null;
        while (true)
        {
            var line = await ReadHeaderLineAsync(cancel);
            if (line == null) return null;
            if (line.Length == 0)
            {
                if (length == null) continue; // stray blank line between messages
                break;
            }
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(line[(colon + 1)..].Trim(), out var n) || n < 0)
                    throw new InvalidDataException($"bad Content-Length header '{line}'");
                length = n;
            }
        }
        var body = new byte[length.Value];
        try { await input.ReadExactlyAsync(body, cancel); }
        catch (EndOfStreamException) { throw new InvalidDataException($"the input ended inside a message body (Content-Length {length.Value})"); }
        try { return JsonNode.Parse(body); }
        catch (JsonException e) { throw new InvalidDataException($"a message body is not JSON: {e.Message}", e); }
    }

    private async Task<string?> ReadHeaderLineAsync(CancellationToken cancel)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await input.ReadAsync(one, cancel) == 0) return bytes.Count == 0 ? null : throw new InvalidDataException("the input ended inside a header");
            if (one[0] == '\n') break;
            bytes.Add(one[0]);
        }
        if (bytes.Count > 0 && bytes[^1] == '\r') bytes.RemoveAt(bytes.Count - 1);
        return Encoding.ASCII.GetString(bytes.ToArray());
    }

    /// <summary>Writes one message (thread-safe: responses and notifications never interleave).</summary>
    public void Write(JsonNode message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString(Options));
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        lock (_writeLock)
        {
            output.Write(header);
            output.Write(body);
            output.Flush();
        }
    }
}
