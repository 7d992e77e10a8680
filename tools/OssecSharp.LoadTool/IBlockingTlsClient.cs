using System.Net;

namespace OssecSharp.LoadTool;

/// <summary>One blocking enrollment exchange over a native TLS library: connect, full handshake, request, first reply.</summary>
internal interface IBlockingTlsClient : IDisposable
{
    /// <summary>Connects, handshakes, sends <paramref name="request"/> and returns the first record read (or null).</summary>
    byte[]? Exchange(IPEndPoint endPoint, ReadOnlySpan<byte> request, Span<byte> buffer);
}
