using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Protocol;

namespace OssecSharp.AgentAuth;

/// <summary>
/// Writes the agent's key through the Core <see cref="KeyStore"/> (the shared lock; a new file with the old one's
/// owner, group and mode renamed over it): like OSSEC's agent-auth, the file then holds exactly the one line received.
/// </summary>
internal sealed class KeyStoreAgentKeyWriter : IAgentKeyWriter
{
    public void Write(OssecPaths paths, EnrollmentKey key) =>
        KeyStore.ForInstall(paths).OverwriteWithSingleEntry(key.ToString());
}
