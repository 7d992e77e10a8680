namespace OssecSharp.Remoted.Pipeline;

/// <summary>The event output with its figures and an orderly flush on shutdown.</summary>
internal interface IEventSinkOutput : IEventOutput, IEventStats, IAsyncDisposable
{
}
