using OssecSharp.Core.Layout;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Layout;

public sealed class OssecPathsTests
{
    [Fact]
    public void Paths_follow_ossec_layout()
    {
        var p = new OssecPaths("/opt/ossec");
        p.ClientKeys.Should().Be("/opt/ossec/etc/client.keys");
        p.RidsFile("001").Should().Be("/opt/ossec/queue/rids/001");
        p.SenderCounter.Should().Be("/opt/ossec/queue/rids/sender_counter");
        p.AgentInfoFile("web01", "10.0.0.1").Should().Be("/opt/ossec/queue/agent-info/web01-10.0.0.1");
        p.PidFile("ossec-remoted", 42).Should().Be("/opt/ossec/var/run/ossec-remoted-42.pid");
        p.OssecQueueSocket.Should().Be("/opt/ossec/queue/ossec/queue");
        p.ArQueueSocket.Should().Be("/opt/ossec/queue/alerts/ar");
        p.MergedMg.Should().Be("/opt/ossec/etc/shared/merged.mg");
        p.OssecLog.Should().Be("/opt/ossec/logs/ossec.log");
    }

    [Fact]
    public void Home_is_made_absolute()
    {
        new OssecPaths("rel/dir").Home.Should().Be(Path.GetFullPath("rel/dir"));
        ((Action)(() => _ = new OssecPaths(""))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Resolve_order_is_dash_d_then_env_then_exe_folder_then_default()
    {
        using var install = new TestInstall();
        var bin = install.PathOf("bin");
        OssecPaths.Resolve("/x", "/y", bin).Home.Should().Be("/x");
        OssecPaths.Resolve(null, "/y", bin).Home.Should().Be("/y");
        OssecPaths.Resolve(null, null, bin).Home.Should().Be(install.Home);
        OssecPaths.Resolve("", "", "/nonexistent/bin").Home.Should().Be(OssecPaths.DefaultHome);
        OssecPaths.Resolve(null, null, install.PathOf("etc")).Home.Should().Be(OssecPaths.DefaultHome);
    }

    [Theory]
    [InlineData("server", InstallType.Server)]
    [InlineData("agent", InstallType.Agent)]
    [InlineData("local", InstallType.Local)]
    [InlineData("weird", InstallType.Unknown)]
    public void Install_type_from_ossec_init(string type, InstallType expected)
    {
        using var install = new TestInstall(type);
        new OssecPaths(install.Home).ReadInstallType().Should().Be(expected);
    }

    [Fact]
    public void Missing_ossec_init_is_unknown()
    {
        using var folder = new TempFolder();
        new OssecPaths(folder.Path).ReadInstallType().Should().Be(InstallType.Unknown);
    }
}
