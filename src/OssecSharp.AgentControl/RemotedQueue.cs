using System.Net.Sockets;
using System.Text;
using OssecSharp.Core.Protocol;

namespace OssecSharp.AgentControl;

/// <summary>
/// Requests to remoted through its active-response socket <c>queue/alerts/ar</c> (channel-control.md §7.1),
/// formatted as read-agents.c send_msg_to_agent does.
/// </summary>
internal static class RemotedQueue
{
    /// <summary>HC_SK_RESTART: the control body that restarts syscheck/rootcheck on an agent.</summary>
    public const string SyscheckRestart = ControlMessage.SyscheckRestartBody;

    /// <summary>
    /// The message: without <paramref name="exec"/> a bare control body (<c>!</c> flag), with it an active
    /// response (<c>restart-ossec0</c> for -R, a response name and ip for -b). A null id means all agents.
    /// </summary>
    public static string Format(string message, string? agentId, string? exec) => exec is null
        ? $"(msg_to_agent) [] {(agentId is null ? 'A' : 'N')}!{(agentId is null ? 'N' : 'S')} {agentId ?? "(null)"} {message}"
        : $"(msg_to_agent) [] {(agentId is null ? 'A' : 'N')}N{(agentId is null ? 'N' : 'S')} {agentId ?? "(null)"} {message} - {exec} (from_the_server) (no_rule_id)";

    /// <summary>connect_to_remoted(): a socket connected to remoted's queue, or null when no remoted listens there.</summary>
    public static Socket? Connect(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    /// <summary>Sends one NUL-terminated datagram; false when it could not be queued.</summary>
    public static bool TrySend(Socket socket, string message)
    {
        try
        {
            socket.Send(Encoding.UTF8.GetBytes(message + "\0"));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
