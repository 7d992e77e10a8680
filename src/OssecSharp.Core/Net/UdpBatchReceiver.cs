using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using OssecSharp.Core.Interop;

namespace OssecSharp.Core.Net;

/// <summary>
/// Receives up to <see cref="Capacity"/> datagrams of a UDP socket in one system call (Linux <c>recvmmsg</c>), each
/// into a slot of its own with its source address, instead of one <c>recvmsg</c> per datagram. For one thread:
/// the slots are reused by the next <see cref="Receive"/>. The socket must stay in blocking mode as for
/// <see cref="BlockingReceive"/> (the receive itself never blocks; the wait is a <c>poll</c>).
/// </summary>
public sealed unsafe partial class UdpBatchReceiver : IDisposable
{
    private const int MsgTrunc = 0x20;
    private const short PollIn = 0x1;
    private const int AddressLength = 128; // sizeof(struct sockaddr_storage)

    private readonly Socket _socket;
    private readonly int _slotSize;
    private MessageHeader* _headers;
    private IoVector* _vectors;
    private byte* _addresses;
    private byte* _slots;

    /// <summary>Sets up <paramref name="capacity"/> slots of <paramref name="slotSize"/> bytes for <paramref name="socket"/>.</summary>
    public UdpBatchReceiver(Socket socket, int capacity, int slotSize)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotSize, 1);
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("recvmmsg is used on 64-bit Linux only.");
        }

        _socket = socket;
        Capacity = capacity;
        _slotSize = slotSize;
        _headers = (MessageHeader*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(MessageHeader)));
        _vectors = (IoVector*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(IoVector)));
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * AddressLength));

        // Not cleared: only the pages datagrams are written to become resident.
        _slots = (byte*)NativeMemory.Alloc((nuint)capacity * (nuint)slotSize);
        for (var i = 0; i < capacity; i++)
        {
            _vectors[i].Base = _slots + ((long)i * slotSize);
            _vectors[i].Length = (nuint)slotSize;
            _headers[i].Name = _addresses + (i * AddressLength);
            _headers[i].Vectors = &_vectors[i];
            _headers[i].VectorCount = 1;
        }
    }

    /// <summary>Whether this platform has the call and the 64-bit layout of its structures (Linux, 64-bit).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && IntPtr.Size == 8;

    /// <summary>The most datagrams one <see cref="Receive"/> returns.</summary>
    public int Capacity { get; }

    /// <summary>
    /// Waits at most <paramref name="timeoutMilliseconds"/> for a datagram, then takes every one queued (up to
    /// <see cref="Capacity"/>). Returns how many (0 after the timeout or a signal).
    /// </summary>
    /// <exception cref="SocketException">The socket reported an error.</exception>
    /// <exception cref="ObjectDisposedException">The socket was closed.</exception>
    public int Receive(int timeoutMilliseconds)
    {
        ObjectDisposedException.ThrowIf(_headers == null, this);
        var handle = _socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            var count = TryReceive(fd);
            if (count != 0)
            {
                return count;
            }

            var poll = new PollDescriptor { Fd = fd, Events = PollIn };
            var ready = Poll(&poll, 1, timeoutMilliseconds);
            if (ready < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno == Libc.EINTR ? 0 : throw Error(errno);
            }

            return ready == 0 ? 0 : TryReceive(fd);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>The bytes of datagram <paramref name="index"/> of the last <see cref="Receive"/>.</summary>
    public ReadOnlySpan<byte> Datagram(int index)
    {
        CheckIndex(index);
        return new ReadOnlySpan<byte>(_vectors[index].Base, (int)Math.Min(_headers[index].Received, (uint)_slotSize));
    }

    /// <summary>Whether datagram <paramref name="index"/> was larger than a slot (its bytes are cut).</summary>
    public bool Truncated(int index)
    {
        CheckIndex(index);
        return (_headers[index].Flags & MsgTrunc) != 0;
    }

    /// <summary>Copies the source address of datagram <paramref name="index"/> into <paramref name="address"/> (native form).</summary>
    public void CopySource(int index, SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        CheckIndex(index);
        var length = (int)Math.Min(_headers[index].NameLength, (uint)address.Buffer.Length);
        new ReadOnlySpan<byte>(_headers[index].Name, length).CopyTo(address.Buffer.Span);
        address.Size = length;
    }

    /// <summary>Frees the slots.</summary>
    public void Dispose()
    {
        NativeMemory.Free(_headers);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_slots);
        _headers = null;
        _vectors = null;
        _addresses = null;
        _slots = null;
    }

    private int TryReceive(int fd)
    {
        for (var i = 0; i < Capacity; i++)
        {
            _headers[i].NameLength = AddressLength;
            _headers[i].Flags = 0;
            _headers[i].Received = 0;
        }

        while (true)
        {
            var count = ReceiveMany(fd, _headers, (uint)Capacity, Libc.MSG_DONTWAIT, null);
            if (count >= 0)
            {
                return count;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EINTR)
            {
                continue;
            }

            return errno == Libc.EAGAIN ? 0 : throw Error(errno);
        }
    }

    private void CheckIndex(int index)
    {
        ObjectDisposedException.ThrowIf(_headers == null, this);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
    }

    private static Exception Error(int errno) => errno switch
    {
        Libc.EBADF or Libc.ENOTSOCK => new ObjectDisposedException(nameof(Socket)),
        Libc.ECONNREFUSED => new SocketException((int)SocketError.ConnectionReset),
        _ => new SocketException((int)SocketError.SocketError, $"recvmmsg failed (errno {errno})."),
    };

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static partial int ReceiveMany(int fd, MessageHeader* headers, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollDescriptor* descriptors, nuint count, int timeoutMilliseconds);

    // struct mmsghdr on LP64 Linux: struct msghdr (56 bytes with its padding) then the received length (64 in all).
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
        private readonly int _padding;
        public uint Received;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }
}
