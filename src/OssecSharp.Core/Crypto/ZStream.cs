using System.Runtime.InteropServices;

namespace OssecSharp.Core.Crypto;

/// <summary>
/// zlib's <c>z_stream</c> on LP64 Unix (112 bytes; <c>uLong</c> is 64-bit there, which <see cref="SystemZlib"/> checks
/// before loading the library). zlib keeps a pointer back to it, so it must live in native memory.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ZStream
{
    public nint NextIn;
    public uint AvailIn;
    public nuint TotalIn;
    public nint NextOut;
    public uint AvailOut;
    public nuint TotalOut;
    public nint Msg;
    public nint State;
    public nint ZAlloc;
    public nint ZFree;
    public nint Opaque;
    public int DataType;
    public nuint Adler;
    public nuint Reserved;
}
