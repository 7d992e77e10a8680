namespace OssecSharp.Remoted;

/// <summary>Everything remoted reads at start: its listeners and the receive-path settings.</summary>
internal sealed record RemotedConfig(IReadOnlyList<ListenerSettings> Listeners, RemotedSettings Settings);
