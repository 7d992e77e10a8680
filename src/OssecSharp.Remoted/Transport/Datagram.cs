using System.Buffers;

namespace OssecSharp.Remoted.Transport;

/// <summary>
/// One received message on its way from a socket to a decrypt worker. The buffer is rented from
/// <see cref="ArrayPool{T}.Shared"/> and returned by whoever consumes (or drops) the datagram.
/// </summary>
internal readonly struct Datagram
{
    public Datagram(byte[] buffer, int length, IPeer peer)
    {
        Buffer = buffer;
        Length = length;
        Peer = peer;
    }

    public byte[] Buffer { get; }

    public int Length { get; }

    public IPeer Peer { get; }

    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public static Datagram Copy(ReadOnlySpan<byte> bytes, IPeer peer)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length, 1));
        bytes.CopyTo(buffer);
        return new Datagram(buffer, bytes.Length, peer);
    }

    public void Release() => ArrayPool<byte>.Shared.Return(Buffer);
}
