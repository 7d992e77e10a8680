using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OssecSharp.LoadTool;

/// <summary>
/// A TLS 1.2 client straight over the system's libssl, as OSSEC's agent-auth is: a blocking socket, one
/// <c>SSL_connect</c>, one write, one read, no certificate chain building. The load tool uses it so that the
/// clients' own cost stays close to real agent-auth's and the figures measure the daemon, not .NET's client stack
/// (whose chain building costs more than the server's whole handshake).
/// </summary>
internal sealed partial class NativeTlsClient : IBlockingTlsClient
{
    private const int SslCtrlSetMaxProtoVersion = 124;
    private const int Tls12Version = 0x0303;

    private readonly IntPtr _context;

    public NativeTlsClient()
    {
        _context = SSL_CTX_new(TLS_client_method());
        if (_context == IntPtr.Zero)
        {
            throw new InvalidOperationException("libssl: SSL_CTX_new failed");
        }

        SSL_CTX_ctrl(_context, SslCtrlSetMaxProtoVersion, Tls12Version, IntPtr.Zero);

        // agent-auth without -v ignores the verdict on the manager's certificate; skip building it at all.
        unsafe
        {
            SSL_CTX_set_cert_verify_callback(_context, &AcceptAnyCertificate, IntPtr.Zero);
        }
    }

    /// <summary>Connects, handshakes, sends <paramref name="request"/> and returns the first record read (or null).</summary>
    public byte[]? Exchange(IPEndPoint endPoint, ReadOnlySpan<byte> request, Span<byte> buffer)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(endPoint);
        var ssl = SSL_new(_context);
        if (ssl == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            if (SSL_set_fd(ssl, (int)socket.Handle) != 1 || SSL_connect(ssl) != 1)
            {
                return null;
            }

            if (SSL_write(ssl, ref MemoryMarshal.GetReference(request), request.Length) != request.Length)
            {
                return null;
            }

            var read = SSL_read(ssl, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            return read <= 0 ? null : buffer[..read].ToArray();
        }
        finally
        {
            SSL_free(ssl);
        }
    }

    public void Dispose() => SSL_CTX_free(_context);

    [UnmanagedCallersOnly]
    private static int AcceptAnyCertificate(IntPtr storeContext, IntPtr argument) => 1;

    [LibraryImport("libssl.so.3")]
    private static unsafe partial void SSL_CTX_set_cert_verify_callback(
        IntPtr context, delegate* unmanaged<IntPtr, IntPtr, int> callback, IntPtr argument);

    [LibraryImport("libssl.so.3")]
    private static partial IntPtr TLS_client_method();

    [LibraryImport("libssl.so.3")]
    private static partial IntPtr SSL_CTX_new(IntPtr method);

    [LibraryImport("libssl.so.3")]
    private static partial void SSL_CTX_free(IntPtr context);

    [LibraryImport("libssl.so.3")]
    private static partial long SSL_CTX_ctrl(IntPtr context, int command, long larg, IntPtr parg);

    [LibraryImport("libssl.so.3")]
    private static partial IntPtr SSL_new(IntPtr context);

    [LibraryImport("libssl.so.3")]
    private static partial void SSL_free(IntPtr ssl);

    [LibraryImport("libssl.so.3")]
    private static partial int SSL_set_fd(IntPtr ssl, int fd);

    [LibraryImport("libssl.so.3")]
    private static partial int SSL_connect(IntPtr ssl);

    [LibraryImport("libssl.so.3")]
    private static partial int SSL_write(IntPtr ssl, ref byte buffer, int count);

    [LibraryImport("libssl.so.3")]
    private static partial int SSL_read(IntPtr ssl, ref byte buffer, int count);
}
