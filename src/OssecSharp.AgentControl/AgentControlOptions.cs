namespace OssecSharp.AgentControl;

/// <summary>agent_control's flags as getopt left them (agent_control.c main).</summary>
internal sealed class AgentControlOptions
{
    public bool ListResponses { get; set; }
    public bool EndTime { get; set; }
    public bool RestartSyscheck { get; set; }
    public bool ListAgents { get; set; }
    public bool ShowMaxAgents { get; set; }
    public bool Csv { get; set; }
    public bool Json { get; set; }
    public bool ActiveOnly { get; set; }
    public bool Info { get; set; }
    public string? AgentId { get; set; }
    public string? Ip { get; set; }
    public string? Response { get; set; }
    public bool RestartAgent { get; set; }
    public bool RestartAll { get; set; }
    public string? MaintenanceAction { get; set; }
    public string? Home { get; set; }

    public AgentListRenderer.Format Format =>
        Json ? AgentListRenderer.Format.Json : Csv ? AgentListRenderer.Format.Csv : AgentListRenderer.Format.Text;
}
