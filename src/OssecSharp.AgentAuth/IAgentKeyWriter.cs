using OssecSharp.Core.Layout;
using OssecSharp.Core.Protocol;

namespace OssecSharp.AgentAuth;

/// <summary>Stores the key received from the manager as the agent's only client.keys entry.</summary>
internal interface IAgentKeyWriter
{
    void Write(OssecPaths paths, EnrollmentKey key);
}
