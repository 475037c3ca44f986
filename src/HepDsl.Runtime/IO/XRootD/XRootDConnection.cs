using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using HepDsl.Runtime.Columns;
using static HepDsl.Runtime.IO.XRootD.XRootDProtocol;

namespace HepDsl.Runtime.IO.XRootD;

/// <summary>A final answer to one request: its status (kXR_ok, kXR_error, kXR_redirect, kXR_wait) and body (kXR_oksofar parts joined).</summary>
internal readonly record struct XRootDResponse(ushort Status, byte[] Body);

/// <summary>
/// One logged-in connection to an XRootD server. Several requests are in flight at once, told apart by their stream
/// IDs: callers send and then block on their own answer, and one reader thread per connection hands each answer to
/// its caller (joining kXR_oksofar parts, and taking kXR_attn deferred answers for requests that got kXR_waitresp).
/// </summary>
/// <remarks>
/// Callers block on their own thread, as the other byte sources do (the reader calls sources synchronously from
/// worker threads; see RemoteByteSource). The reader is a dedicated thread, not a thread-pool task, so a blocked pool
/// cannot starve it. A request without an answer within its timeout breaks the connection: every request on it fails
/// (and is retried on a fresh one by the source), so a stalled server never hangs a caller.
/// </remarks>
internal sealed class XRootDConnection : IDisposable
{
    private readonly Socket _socket;
    private Stream _stream;
    private readonly Lock _writeLock = new();
    private readonly Lock _pendingLock = new();
    private readonly Dictionary<ushort, Pending> _pending = [];
    private ushort _nextStream = 1;
    private volatile Exception? _broken;
    private Thread? _reader;

    private XRootDConnection(string host, int port, Socket socket, Stream stream)
    {
        Host = host;
        Port = port;
        _socket = socket;
        _stream = stream;
    }

    public string Host { get; }
    public int Port { get; }
    public string Endpoint => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
    public bool IsAlive => _broken is null;
    /// <summary>Whether the connection runs over TLS.</summary>
    public bool IsTls { get; private set; }

    /// <summary>Connects, does the handshake, kXR_protocol (TLS when asked or required), kXR_login and, if the server asks, kXR_auth.</summary>
    public static XRootDConnection Open(string host, int port, bool tls, XRootDOptions options, TimeSpan timeout)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connect = new CancellationTokenSource(timeout))
            {
                try { socket.ConnectAsync(host, port, connect.Token).AsTask().GetAwaiter().GetResult(); }
                catch (OperationCanceledException) { throw new TimeoutException($"no connection within {timeout.TotalSeconds:0.#} s"); }
            }
            // Until login is done the exchanges are synchronous on this thread; the socket timeout bounds each read.
            socket.ReceiveTimeout = socket.SendTimeout = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds);
            var connection = new XRootDConnection(host, port, socket, new NetworkStream(socket, ownsSocket: false));
            try
            {
                connection.Setup(tls, options);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
            socket.ReceiveTimeout = 0; // from now on the reader thread waits as long as needed; callers time out instead
            connection._reader = new Thread(connection.ReadLoop) { IsBackground = true, Name = $"xrootd {connection.Endpoint}" };
            connection._reader.Start();
            return connection;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            socket.Dispose();
            throw new IOException(e is IOException { InnerException: SocketException { SocketErrorCode: SocketError.TimedOut } } or IOException { InnerException: SocketException { SocketErrorCode: SocketError.WouldBlock } }
                ? $"no answer from {host}:{port} during the handshake within {timeout.TotalSeconds:0.#} s"
                : $"cannot connect to {host}:{port}: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Setup(bool tls, XRootDOptions options)
    {
        // Handshake (five ints: 0, 0, 0, 4, 2012) and kXR_protocol in one write.
        var hello = new byte[20 + RequestHeaderLength];
        BinaryPrimitives.WriteInt32BigEndian(hello.AsSpan(12), 4);
        BinaryPrimitives.WriteInt32BigEndian(hello.AsSpan(16), 2012);
        var protocol = hello.AsSpan(20);
        BinaryPrimitives.WriteUInt16BigEndian(protocol[2..], Protocol);
        BinaryPrimitives.WriteInt32BigEndian(protocol[4..], ClientProtocolVersion);
        protocol[8] = (byte)(AbleTls | (tls ? WantTls : 0));
        protocol[9] = ExpectLogin;
        _stream.Write(hello);

        var (status, body) = ReadSetupResponse();
        if (status != Ok || body.Length < 8) throw new IOException($"{Endpoint} is not an XRootD server (unexpected handshake answer)");
        (status, body) = ReadSetupResponse();
        CheckSetup(status, body, "kXR_protocol");
        uint flags = body.Length >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(4)) : 0;
        if (tls && (flags & HaveTls) == 0)
            throw new HepDataException($"roots://{Endpoint}: the server does not offer TLS; use root:// for an unencrypted connection");
        if (tls || (flags & GotoTls) != 0) StartTls(options);

        // kXR_login: pid, 8-byte user name, abilities, capabilities.
        var login = new byte[RequestHeaderLength];
        BinaryPrimitives.WriteUInt16BigEndian(login.AsSpan(2), Login);
        BinaryPrimitives.WriteInt32BigEndian(login.AsSpan(4), Environment.ProcessId);
        var user = Encoding.ASCII.GetBytes(XRootDSecurity.SafeUserName());
        user.AsSpan(0, Math.Min(8, user.Length)).CopyTo(login.AsSpan(8));
        login[18] = LoginCapabilities;
        _stream.Write(login);
        (status, body) = ReadSetupResponse();
        CheckSetup(status, body, "kXR_login");
        if (body.Length > 16)
        {
            var offer = XRootDSecurity.ParseOffer(Encoding.ASCII.GetString(body, 16, body.Length - 16));
            if (offer.Count > 0) Authenticate(offer, options);
        }
    }

    private void StartTls(XRootDOptions options)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        var authentication = new SslClientAuthenticationOptions { TargetHost = Host };
        if (options.TrustedCertificates is { Count: > 0 } trusted)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(trusted);
            authentication.CertificateChainPolicy = policy;
        }
        try
        {
            ssl.AuthenticateAsClient(authentication);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            throw new HepDataException($"roots://{Endpoint}: TLS handshake failed: {e.Message}"
                + (e is System.Security.Authentication.AuthenticationException ? " (the server's certificate is not trusted; X509_CERT_DIR names a directory of trusted CA certificates)" : ""), e);
        }
        _stream = ssl;
        IsTls = true;
    }

    private void Authenticate(IReadOnlyList<(string Name, string Parameters)> offer, XRootDOptions options)
    {
        var reasons = new List<string>();
        foreach (var (name, _) in offer)
        {
            var credentials = XRootDSecurity.Credentials(name, options.Token ?? (() => BearerToken.Discover()), out var whyNot);
            if (credentials is not { } found) { reasons.Add(whyNot!); continue; }
            var request = new byte[RequestHeaderLength + found.Credentials.Length];
            BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(2), Auth);
            found.CredType.CopyTo(request.AsSpan(16));
            BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(20), found.Credentials.Length);
            found.Credentials.CopyTo(request.AsSpan(RequestHeaderLength));
            _stream.Write(request);
            var (status, body) = ReadSetupResponse();
            if (status == Ok) return;
            reasons.Add(status == Error
                ? $"{name}: {XRootDErrors.Describe(body)}"
                : $"{name}: the server wants a further authentication step (status {status}), which HepDsl does not support");
        }
        throw XRootDSecurity.NoUsableProtocol(Endpoint, offer, reasons);
    }

    private void CheckSetup(ushort status, byte[] body, string request)
    {
        if (status == Ok) return;
        if (status == Error) throw new HepDataException($"root://{Endpoint}: {request} refused: {XRootDErrors.Describe(body)}");
        throw new IOException($"{Endpoint}: unexpected answer {status} to {request}");
    }

    private (ushort Status, byte[] Body) ReadSetupResponse()
    {
        Span<byte> header = stackalloc byte[ResponseHeaderLength];
        _stream.ReadExactly(header);
        ushort status = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        int length = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (length is < 0 or > 16 * 1024 * 1024) throw new IOException($"{Endpoint}: malformed answer (length {length})");
        var body = new byte[length];
        _stream.ReadExactly(body);
        return (status, body);
    }

    /// <summary>Sends a request (its 16 body bytes and payload) and returns the handle to wait on.</summary>
    public Pending Send(ushort request, ReadOnlySpan<byte> body16, ReadOnlySpan<byte> payload, TimeSpan timeout)
    {
        var pending = new Pending(this, request, timeout);
        lock (_pendingLock)
        {
            if (_broken is { } broken) throw new IOException($"connection to {Endpoint} lost: {broken.Message}", broken);
            if (_pending.Count >= 65000) throw new IOException($"{Endpoint}: too many requests in flight");
            while (_nextStream == 0 || _pending.ContainsKey(_nextStream)) _nextStream++;
            pending.StreamId = _nextStream++;
            _pending[pending.StreamId] = pending;
        }
        var message = new byte[RequestHeaderLength + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(message, pending.StreamId);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), request);
        body16[..16].CopyTo(message.AsSpan(4));
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(20), payload.Length);
        payload.CopyTo(message.AsSpan(RequestHeaderLength));
        try
        {
            lock (_writeLock) _stream.Write(message);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            Break(e);
            throw new IOException($"connection to {Endpoint} lost while sending {RequestName(request)}: {e.Message}", e);
        }
        return pending;
    }

    private void ReadLoop()
    {
        var header = new byte[ResponseHeaderLength];
        try
        {
            while (true)
            {
                _stream.ReadExactly(header);
                ushort stream = BinaryPrimitives.ReadUInt16BigEndian(header);
                ushort status = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
                int length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
                if (length < 0) throw new IOException($"malformed answer (length {length})");
                var body = new byte[length];
                _stream.ReadExactly(body);
                if (status == Attn)
                {
                    // kXR_attn with kXR_asynresp carries the deferred answer (header and body) to a kXR_waitresp.
                    if (length >= 16 && BinaryPrimitives.ReadInt32BigEndian(body) == AsyncResponse)
                    {
                        ushort inner = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(8));
                        ushort innerStatus = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(10));
                        int innerLength = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(12));
                        if (innerLength < 0 || 16 + innerLength > length) throw new IOException("malformed asynchronous answer");
                        Deliver(inner, innerStatus, body.AsSpan(16, innerLength).ToArray());
                    }
                    continue; // other unsolicited messages (server notices) need no action
                }
                Deliver(stream, status, body);
            }
        }
        catch (Exception e)
        {
            Break(e is EndOfStreamException ? new IOException($"{Endpoint} closed the connection") : e);
        }
    }

    private void Deliver(ushort stream, ushort status, byte[] body)
    {
        Pending? pending;
        lock (_pendingLock)
        {
            if (!_pending.TryGetValue(stream, out pending)) return; // an answer to a request whose caller gave up
            if (status is not (OkSoFar or WaitResp)) _pending.Remove(stream);
        }
        pending.Receive(status, body);
    }

    /// <summary>Fails every request in flight and closes the connection (it is then dropped from the pool).</summary>
    internal void Break(Exception reason)
    {
        List<Pending> failed;
        lock (_pendingLock)
        {
            if (_broken is not null) return;
            _broken = reason;
            failed = [.. _pending.Values];
            _pending.Clear();
        }
        foreach (var pending in failed) pending.Fail(reason);
        try { _stream.Dispose(); } catch (Exception) { /* already closed */ }
        _socket.Dispose();
    }

    public void Dispose() => Break(new ObjectDisposedException($"connection to {Endpoint}"));

    /// <summary>One request in flight: its caller waits on it; the reader thread completes it.</summary>
    internal sealed class Pending(XRootDConnection connection, ushort request, TimeSpan timeout)
    {
        private readonly ManualResetEventSlim _done = new();
        private readonly List<byte[]> _parts = [];
        private long _deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        private XRootDResponse _response;
        private Exception? _error;

        public ushort StreamId { get; set; }
        public ushort Request => request;

        internal void Receive(ushort status, byte[] body)
        {
            if (status == OkSoFar) { lock (_parts) _parts.Add(body); return; }
            if (status == WaitResp)
            {
                // The server will answer later (kXR_attn); allow its announced wait on top of the usual timeout.
                int seconds = body.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(body) : 0;
                Interlocked.Exchange(ref _deadline, Environment.TickCount64 + (long)timeout.TotalMilliseconds + Math.Max(0, seconds) * 1000L);
                return;
            }
            lock (_parts)
            {
                if (_parts.Count > 0)
                {
                    _parts.Add(body);
                    body = [.. _parts.SelectMany(p => p)];
                }
            }
            _response = new XRootDResponse(status, body);
            _done.Set();
        }

        internal void Fail(Exception error)
        {
            _error = error;
            _done.Set();
        }

        /// <summary>Blocks until the answer; on timeout breaks the connection (a stalled server) and throws.</summary>
        public XRootDResponse Wait(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                long left = Interlocked.Read(ref _deadline) - Environment.TickCount64;
                if (left > 0 && !_done.Wait(TimeSpan.FromMilliseconds(Math.Min(left, int.MaxValue)), cancellationToken)) continue;
                if (_done.IsSet) break;
                var stalled = new TimeoutException($"no answer from {connection.Endpoint} to {RequestName(request)} within {timeout.TotalSeconds:0.#} s");
                connection.Break(stalled);
                throw stalled;
            }
            if (_error is { } error)
                throw error is TimeoutException ? new TimeoutException(error.Message, error) : new IOException($"connection to {connection.Endpoint} lost: {error.Message}", error);
            return _response;
        }
    }
}
