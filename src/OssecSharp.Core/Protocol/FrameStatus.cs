namespace OssecSharp.Core.Protocol;

/// <summary>Result of <see cref="TcpFraming.TryParse"/>.</summary>
public enum FrameStatus
{
    /// <summary>A whole frame is available.</summary>
    Ok,

    /// <summary>Not enough bytes yet for the length prefix or the frame.</summary>
    NeedMore,

    /// <summary>The announced length is 0 or above the limit: close the connection.</summary>
    TooLarge,
}
