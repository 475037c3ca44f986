using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.IO.XRootD;

namespace HepDsl.Runtime.Tests.IO;

/// <summary>
/// Protocol paths Debian's xrootd cannot be made to take on demand, against a scripted server speaking the wire format
/// of the XRootD specification: ztn token credentials (the checks are the ones XrdSecProtocolztn::Authenticate makes),
/// GSI-only servers, kXR_wait, kXR_waitresp answered later by kXR_attn, and answers split into kXR_oksofar parts.
/// </summary>
public sealed class XRootDProtocolTests
{
    private static readonly ByteSourceOptions Fast = new() { RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(10) };
    private static readonly byte[] FileBytes = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public void A_bearer_token_is_sent_with_the_ztn_protocol_when_the_server_asks_for_it()
    {
        using var fake = new ScriptedServer("&P=ztn,0:4096:");
        var options = Fast with { XRootD = new XRootDOptions { Token = () => ("eyJhbGciOi.token.sig", "test") } };
        using var source = XRootDSource.Open(fake.Url, options);
        Assert.Equal(FileBytes.Length, source.Length);
        var (type, credentials) = fake.Auth.Single();
        Assert.Equal("ztn\0", type);
        // XrdSecProtocolztn::Authenticate: id "ztn", version 0, operation 'T', big-endian length counting the NUL, NUL-terminated token.
        Assert.Equal("ztn\0"u8.ToArray(), credentials[..4]);
        Assert.Equal(0, credentials[4]);
        Assert.Equal((byte)'T', credentials[5]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(credentials.AsSpan(8));
        Assert.Equal("eyJhbGciOi.token.sig".Length + 1, length);
        Assert.Equal("eyJhbGciOi.token.sig\0", Encoding.ASCII.GetString(credentials, 10, length));
        Assert.Equal(10 + length, credentials.Length);
    }

    [Fact]
    public void Without_a_token_a_ztn_only_server_is_a_clear_error_naming_the_discovery_rules()
    {
        using var fake = new ScriptedServer("&P=ztn,0:4096:");
        var e = Assert.Throws<HepDataException>(() => XRootDSource.Open(fake.Url, Fast with { XRootD = new XRootDOptions { Token = () => null } }));
        Assert.Contains("the server requires authentication (ztn) and none could be used", e.Message);
        Assert.Contains("BEARER_TOKEN, BEARER_TOKEN_FILE", e.Message);
    }

    [Fact]
    public void A_gsi_only_server_is_reported_as_not_supported()
    {
        using var fake = new ScriptedServer("&P=gsi,v:10400,c:ssl,ca:abcd1234");
        var e = Assert.Throws<HepDataException>(() => XRootDSource.Open(fake.Url, Fast));
        Assert.Contains("gsi (X.509 certificates / proxies) is not supported", e.Message);
        Assert.Contains("X.509/GSI authentication is out of scope", e.Message);
    }

    [Fact]
    public void The_unix_protocol_sends_the_user_name()
    {
        using var fake = new ScriptedServer("&P=gsi,v:10400&P=unix");
        using var source = XRootDSource.Open(fake.Url, Fast);
        var (type, credentials) = fake.Auth.Single();
        Assert.Equal("unix", type);
        Assert.StartsWith("unix\0", Encoding.ASCII.GetString(credentials));
        Assert.EndsWith("\0", Encoding.ASCII.GetString(credentials));
    }

    [Fact]
    public async Task Wait_waitresp_and_oksofar_parts_are_followed_to_the_answer()
    {
        using var fake = new ScriptedServer("") { DelayOpen = true, SplitReads = true };
        using var source = XRootDSource.Open(fake.Url, Fast);
        Assert.Equal(2, fake.Opens); // kXR_wait, then the retried open answered through kXR_waitresp + kXR_attn
        var buffer = new byte[3000];
        await source.ReadAsync(1000, buffer);
        Assert.Equal(FileBytes.AsSpan(1000, 3000).ToArray(), buffer);
        var many = await source.ReadManyAsync([(0, 10), (4000, 1000)]);
        Assert.Equal(FileBytes[..10], many[0].ToArray());
        Assert.Equal(FileBytes[4000..], many[1].ToArray());
    }

    /// <summary>A one-connection XRootD server following a script: handshake, kXR_protocol, kXR_login (offering <c>security</c>), kXR_auth, kXR_open, kXR_read, kXR_readv, kXR_close.</summary>
    private sealed class ScriptedServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Thread _thread;
        private readonly string _security;

        public ScriptedServer(string security)
        {
            _security = security;
            _listener.Start();
            _thread = new Thread(Serve) { IsBackground = true };
            _thread.Start();
        }

        public string Url => $"root://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}//file.root";
        public List<(string Type, byte[] Credentials)> Auth { get; } = [];
        public bool DelayOpen { get; init; }
        public bool SplitReads { get; init; }
        public int Opens { get; private set; }

        private void Serve()
        {
            try
            {
                using var socket = _listener.AcceptSocket();
                using var stream = new NetworkStream(socket);
                var hello = new byte[20];
                stream.ReadExactly(hello);
                Reply(stream, [0, 0], 0, [0, 0, 0x05, 0x20, 0, 0, 0, 1]);
                while (true)
                {
                    var header = new byte[24];
                    stream.ReadExactly(header);
                    var id = header[..2];
                    ushort request = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
                    var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20))];
                    stream.ReadExactly(payload);
                    switch (request)
                    {
                        case 3006: Reply(stream, id, 0, [0, 0, 0x05, 0x20, 0, 0, 0, 1]); break;
                        case 3007: Reply(stream, id, 0, [.. new byte[16], .. Encoding.ASCII.GetBytes(_security)]); break;
                        case 3000:
                            lock (Auth) Auth.Add((Encoding.ASCII.GetString(header, 16, 4), payload));
                            Reply(stream, id, 0, []);
                            break;
                        case 3010:
                            Opens++;
                            byte[] open = [1, 2, 3, 4, .. new byte[8], .. Encoding.ASCII.GetBytes($"42 {FileBytes.Length} 16 1700000000\0")];
                            if (DelayOpen && Opens == 1) { Reply(stream, id, 4005, [0, 0, 0, 0, .. "busy"u8]); break; }
                            if (DelayOpen)
                            {
                                Reply(stream, id, 4006, [0, 0, 0, 1]);
                                Thread.Sleep(200);
                                var inner = new byte[8 + open.Length];
                                id.CopyTo(inner, 0);
                                BinaryPrimitives.WriteInt32BigEndian(inner.AsSpan(4), open.Length);
                                open.CopyTo(inner, 8);
                                Reply(stream, [0, 0], 4001, [0, 0, 0x13, 0x90, 0, 0, 0, 0, .. inner]); // kXR_attn, kXR_asynresp (5008)
                                break;
                            }
                            Reply(stream, id, 0, open);
                            break;
                        case 3013:
                        {
                            long offset = BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(8));
                            int length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16));
                            var data = FileBytes.AsSpan((int)offset, length).ToArray();
                            if (SplitReads && data.Length > 1)
                            {
                                Reply(stream, id, 4000, data[..(data.Length / 2)]);
                                Reply(stream, id, 0, data[(data.Length / 2)..]);
                            }
                            else Reply(stream, id, 0, data);
                            break;
                        }
                        case 3025:
                        {
                            var answer = new List<byte>();
                            for (int at = 0; at < payload.Length; at += 16)
                            {
                                answer.AddRange(payload.AsSpan(at, 16).ToArray());
                                int length = BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(at + 4));
                                long offset = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(at + 8));
                                answer.AddRange(FileBytes.AsSpan((int)offset, length).ToArray());
                            }
                            var all = answer.ToArray();
                            Reply(stream, id, 4000, all[..7]); // parts need not end on element boundaries
                            Reply(stream, id, 0, all[7..]);
                            break;
                        }
                        case 3003: Reply(stream, id, 0, []); break;
                        default: Reply(stream, id, 4003, [0, 0, 0x0b, 0xcd, .. "unsupported"u8, 0]); break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or EndOfStreamException) { }
        }

        private static void Reply(Stream stream, byte[] id, ushort status, byte[] body)
        {
            var message = new byte[8 + body.Length];
            id.CopyTo(message, 0);
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), status);
            BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), body.Length);
            body.CopyTo(message, 8);
            lock (stream) stream.Write(message);
        }

        public void Dispose() => _listener.Stop();
    }
}
