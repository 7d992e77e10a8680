using System.Runtime.InteropServices;
using System.Text;
using OssecSharp.Core.Protocol;

namespace OssecSharp.Agentd.Session;

/// <summary>The uname line of the keepalive (channel-control §3), from uname(2) as OSSEC's <c>getuname()</c>.</summary>
internal static partial class Uname
{
    // Linux struct utsname: six fields of 65 bytes (sysname, nodename, release, version, machine, domainname).
    private const int FieldLength = 65;

    public static string Line()
    {
        var buffer = new byte[FieldLength * 6];
        try
        {
            if (NativeUname(buffer) != 0)
            {
                return KeepaliveMessage.UnknownUname;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return KeepaliveMessage.UnknownUname;
        }

        string Field(int index)
        {
            var field = buffer.AsSpan(index * FieldLength, FieldLength);
            var nul = field.IndexOf((byte)0);
            return Encoding.UTF8.GetString(nul >= 0 ? field[..nul] : field);
        }

        return KeepaliveMessage.FormatUname(Field(0), Field(1), Field(2), Field(3), Field(4));
    }

    [LibraryImport("libc", EntryPoint = "uname", SetLastError = true)]
    private static partial int NativeUname(Span<byte> buffer);
}
