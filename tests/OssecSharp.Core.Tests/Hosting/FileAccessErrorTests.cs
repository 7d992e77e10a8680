using OssecSharp.Core.Hosting;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Hosting;

public sealed class FileAccessErrorTests
{
    [Fact]
    public void A_directory_in_place_of_a_file_is_called_a_directory()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("client.keys");
        Directory.CreateDirectory(path);

        var error = Record.Exception(() => FileAccessError.ThrowIfUnreadable(path));

        FileAccessError.Matches(error!).Should().BeTrue();
        FileAccessError.Describe(error!).Should().Be($"Could not open file '{path}' due to [(21)-(Is a directory)].");
    }

    [Fact]
    public void A_missing_file_is_left_to_the_caller_and_described_with_errno_2()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("client.keys");

        FileAccessError.ThrowIfUnreadable(path);
        var error = Record.Exception(() => File.ReadAllText(path));

        FileAccessError.Describe(error!).Should().Be($"Could not open file '{path}' due to [(2)-(No such file or directory)].");
    }

    [Fact]
    public void Permission_denied_names_the_file()
    {
        var error = new UnauthorizedAccessException("Access to the path '/x/etc/client.keys' is denied.");

        FileAccessError.Describe(error).Should().StartWith("Could not open file '/x/etc/client.keys' due to [(13)-(Permission denied");
        FileAccessError.Matches(new InvalidOperationException()).Should().BeFalse();
    }
}
