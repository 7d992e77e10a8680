using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OssecSharp.LoadTool;

/// <summary>
/// The enrollment client over the system's GnuTLS: the same exchange as <see cref="NativeTlsClient"/> (a blocking
/// socket, a full TLS 1.2 handshake, one write, one read, the server certificate not verified, as agent-auth without
/// <c>-v</c>), at about two thirds of its CPU: OpenSSL 3.0 spends a quarter of its client handshake decoding the
/// server's certificate through its provider decoders. The clients share the cores with the daemon under test, so a cheaper
/// client leaves more of them to the daemon; every manager measured in one run gets the same client.
/// </summary>
internal sealed partial class GnuTlsClient : IBlockingTlsClient
{
    private const string Library = "libgnutls.so.30";
    private const uint Client = 2;
    private const int CertificateCredentials = 1;
    private const int ErrorAgain = -28;
    private const int ErrorInterrupted = -52;

    private readonly IntPtr _credentials;
    private readonly IntPtr _priorities;

    public GnuTlsClient()
    {
        if (gnutls_certificate_allocate_credentials(out _credentials) < 0)
        {
            throw new InvalidOperationException("libgnutls: gnutls_certificate_allocate_credentials failed");
        }

        // TLS 1.2 only, as agent-auth negotiates with OSSEC 4.2; everything else is GnuTLS's NORMAL set.
        if (gnutls_priority_init(out _priorities, "NORMAL:-VERS-ALL:+VERS-TLS1.2", IntPtr.Zero) < 0)
        {
            gnutls_certificate_free_credentials(_credentials);
            throw new InvalidOperationException("libgnutls: gnutls_priority_init failed");
        }
    }

    /// <summary>True when the system has libgnutls (<c>--tls gnutls</c> is refused with a clear error without it).</summary>
    public static bool IsAvailable() => NativeLibrary.TryLoad(Library, out var handle) && Free(handle);

    public byte[]? Exchange(IPEndPoint endPoint, ReadOnlySpan<byte> request, Span<byte> buffer)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(endPoint);
        if (gnutls_init(out var session, Client) < 0)
        {
            return null;
        }

        try
        {
            var fd = (int)socket.Handle;
            if (gnutls_priority_set(session, _priorities) < 0
                || gnutls_credentials_set(session, CertificateCredentials, _credentials) < 0)
            {
                return null;
            }

            gnutls_transport_set_int2(session, fd, fd);
            int result;
            do
            {
                result = gnutls_handshake(session);
            }
            while (result is ErrorAgain or ErrorInterrupted);

            // A resumed session would skip the signature being measured; no session is ever stored, so none is.
            if (result < 0 || gnutls_session_is_resumed(session) != 0)
            {
                return null;
            }

            if (gnutls_record_send(session, ref MemoryMarshal.GetReference(request), request.Length) != request.Length)
            {
                return null;
            }

            var read = gnutls_record_recv(session, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            return read <= 0 ? null : buffer[..(int)read].ToArray();
        }
        finally
        {
            gnutls_deinit(session);
        }
    }

    public void Dispose()
    {
        gnutls_priority_deinit(_priorities);
        gnutls_certificate_free_credentials(_credentials);
    }

    private static bool Free(IntPtr handle)
    {
        NativeLibrary.Free(handle);
        return true;
    }

    [LibraryImport(Library)]
    private static partial int gnutls_certificate_allocate_credentials(out IntPtr credentials);

    [LibraryImport(Library)]
    private static partial void gnutls_certificate_free_credentials(IntPtr credentials);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int gnutls_priority_init(out IntPtr priorities, string text, IntPtr errorPosition);

    [LibraryImport(Library)]
    private static partial void gnutls_priority_deinit(IntPtr priorities);

    [LibraryImport(Library)]
    private static partial int gnutls_init(out IntPtr session, uint flags);

    [LibraryImport(Library)]
    private static partial void gnutls_deinit(IntPtr session);

    [LibraryImport(Library)]
    private static partial int gnutls_priority_set(IntPtr session, IntPtr priorities);

    [LibraryImport(Library)]
    private static partial int gnutls_credentials_set(IntPtr session, int type, IntPtr credentials);

    [LibraryImport(Library)]
    private static partial void gnutls_transport_set_int2(IntPtr session, int receiveFd, int sendFd);

    [LibraryImport(Library)]
    private static partial int gnutls_handshake(IntPtr session);

    [LibraryImport(Library)]
    private static partial int gnutls_session_is_resumed(IntPtr session);

    [LibraryImport(Library)]
    private static partial nint gnutls_record_send(IntPtr session, ref byte data, nint count);

    [LibraryImport(Library)]
    private static partial nint gnutls_record_recv(IntPtr session, ref byte data, nint count);
}
