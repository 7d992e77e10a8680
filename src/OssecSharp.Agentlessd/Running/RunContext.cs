using OssecSharp.Core.Layout;
using Serilog;

namespace OssecSharp.Agentlessd.Running;

/// <summary>What every host run needs: the install, the log, the event sink and the script time limit.</summary>
internal sealed record RunContext(OssecPaths Paths, ILogger Log, IAgentlessEventSink Events, TimeSpan ScriptTimeout);
