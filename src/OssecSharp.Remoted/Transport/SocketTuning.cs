using System.Net.Sockets;

namespace OssecSharp.Remoted.Transport;

/// <summary>Socket options for the high-rate UDP path.</summary>
internal static class SocketTuning
{
    // SOL_SOCKET / SO_RCVBUFFORCE on Linux: lets root exceed net.core.rmem_max.
    private const int SolSocket = 1;
    private const int SoRcvBufForce = 33;

    /// <summary>
    /// Asks for a large kernel receive buffer so that bursts survive while the workers catch up. Linux caps
    /// SO_RCVBUF at <c>net.core.rmem_max</c>; as root SO_RCVBUFFORCE goes beyond it. Returns the size obtained.
    /// </summary>
    public static int SetReceiveBuffer(Socket socket, int bytes)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                socket.SetRawSocketOption(SolSocket, SoRcvBufForce, BitConverter.GetBytes(bytes));
                return socket.ReceiveBufferSize;
            }
            catch (SocketException)
            {
                // Not privileged: fall back to the capped option below.
            }
        }

        try
        {
            socket.ReceiveBufferSize = bytes;
        }
        catch (SocketException)
        {
        }

        return socket.ReceiveBufferSize;
    }
}
