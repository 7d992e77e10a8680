using System.Net.Sockets;
using System.Text;

namespace OssecSharp.ManageAgents.Store;

/// <summary>
/// OS_NotifyDuplicatedIP (OSSEC 4.x): tells analysisd that someone tried to add an agent with an ip already in use,
/// as a <c>1:manage_agents:ossec: Duplicated IP &lt;ip&gt;</c> event on <c>queue/ossec/queue</c>, when that socket exists.
/// </summary>
internal static class DuplicateIpNotifier
{
    public static string Event(string ip) => $"1:manage_agents:ossec: Duplicated IP {ip}";

    public static void TryNotify(string queueSocket, string ip)
    {
        if (!File.Exists(queueSocket))
        {
            return;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(queueSocket));
            socket.Send(Encoding.UTF8.GetBytes(Event(ip)));
        }
        catch (SocketException)
        {
            // No reader: the refusal on screen is what matters; analysisd is optional here.
        }
    }
}
