using OssecSharp.Core.Hosting;
using OssecSharp.Core.Interop;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Logging;

public sealed class SharedLogFileTests
{
    [Fact]
    public void A_shared_log_created_by_an_append_gets_group_write_whatever_the_umask()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("ossec.log");

        AppendFile.Append(path, "line\n"u8).Should().Be(0);

        // The test host's umask (usually 022) would have made it 0640: a second account of group ossec could not write.
        File.GetUnixFileMode(path).Should().Be((UnixFileMode)0x1B0 /* 0660 */);
        File.ReadAllText(path).Should().Be("line\n");
    }

    [Fact]
    public void A_shared_log_created_by_root_belongs_to_its_folders_owner_so_the_daemon_accounts_can_write_it()
    {
        if (!Libc.IsRoot)
        {
            return; // Only root can create a file that is not its own; the non-root case is the mode test above.
        }

        using var temp = new TempFolder();
        var users = new UserDatabase();
        var owner = users.FindUser("nobody") ?? throw new InvalidOperationException("no user nobody");
        Libc.Chown(temp.Path, owner.Uid, owner.Gid).Should().Be(0);
        var path = temp.Combine("archives.log");

        using (var handle = new AppendFileHandle(path, TimeSpan.FromMinutes(1)))
        {
            handle.Append("event\n"u8).Should().Be(0);
        }

        Libc.TryStatx(path, out var stat).Should().BeTrue();
        (stat.Uid, stat.Gid).Should().Be((owner.Uid, owner.Gid));
        File.GetUnixFileMode(path).Should().Be((UnixFileMode)0x1B0);
    }
}
