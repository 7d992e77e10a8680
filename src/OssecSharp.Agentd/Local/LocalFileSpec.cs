namespace OssecSharp.Agentd.Local;

/// <summary>One <c>&lt;localfile&gt;</c> agentd follows itself.</summary>
/// <param name="Format"><c>syslog</c> (a followed file), <c>command</c> or <c>full_command</c>.</param>
/// <param name="Location">The file path, or the command line.</param>
/// <param name="Alias">For commands: the name used in the event instead of the command line.</param>
/// <param name="Frequency">For commands: seconds between runs.</param>
internal sealed record LocalFileSpec(string Format, string Location, string? Alias, int Frequency);
