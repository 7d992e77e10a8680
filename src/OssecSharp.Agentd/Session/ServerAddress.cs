namespace OssecSharp.Agentd.Session;

/// <summary>One manager from <c>&lt;client&gt;</c>: a numeric <c>server-ip</c> or a <c>server-hostname</c> resolved at each connect.</summary>
internal sealed record ServerAddress(string Host, bool IsHostname)
{
    public override string ToString() => Host;
}
