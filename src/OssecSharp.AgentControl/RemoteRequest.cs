namespace OssecSharp.AgentControl;

/// <summary>What agent_control asks remoted to do, with the texts and JSON error codes OSSEC prints for it.</summary>
/// <param name="Message">The datagram for remoted (<see cref="RemotedQueue.Format"/>).</param>
/// <param name="Done">Text printed once the request is queued.</param>
/// <param name="DoneJson">JSON response once queued; null where OSSEC prints text even with -j.</param>
/// <param name="Failed">Text printed when the request cannot be queued.</param>
/// <param name="ConnectErrorCode">JSON error code when remoted is not listening (0: OSSEC prints text).</param>
/// <param name="SendErrorCode">JSON error code when the request cannot be queued.</param>
/// <param name="SendErrorText">JSON description when the request cannot be queued.</param>
internal sealed record RemoteRequest(
    string Message,
    string Done,
    string? DoneJson,
    string Failed,
    int ConnectErrorCode,
    int SendErrorCode,
    string SendErrorText);
