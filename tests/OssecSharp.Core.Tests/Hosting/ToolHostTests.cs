using OssecSharp.Core.Hosting;

namespace OssecSharp.Core.Tests.Hosting;

public sealed class ToolHostTests
{
    [Fact]
    public async Task The_tools_exit_code_comes_back_and_an_unreadable_file_is_one_line_and_exit_1()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var ok = new ToolHost(new ToolSpec { Name = "tool", RunAsync = c => Task.FromResult(c.Args.Count) }, stdout, stderr);
        (await ok.RunAsync(["a", "b", "c"])).Should().Be(3);

        var missing = Path.Combine(Path.GetTempPath(), "ossecsharp-no-such-dir-" + Guid.NewGuid().ToString("N"), "client.keys");
        var failing = new ToolHost(new ToolSpec
        {
            Name = "tool",
            RunAsync = async c =>
            {
                await c.Stdout.WriteAsync("partial output\n");
                _ = await File.ReadAllTextAsync(missing);
                return 0;
            },
        }, stdout, stderr);

        (await failing.RunAsync([])).Should().Be(1);
        stdout.ToString().Should().Be("partial output\n");
        stderr.ToString().Should().StartWith("tool: ERROR: ").And.Contain(missing).And.EndWith("\n");
        stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle();
    }

    [Fact]
    public async Task A_custom_error_line_is_used_and_a_defect_is_not_swallowed()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var spec = new ToolSpec
        {
            Name = "ossec-control",
            RunAsync = c => c.Args.Count == 0 ? throw new IOException("disk gone") : throw new InvalidOperationException("bug"),
            ErrorLine = (ex, _) => ex is IOException ? $"ossec-control: ERROR: {ex.Message}" : null,
        };

        (await new ToolHost(spec, stdout, stderr).RunAsync([])).Should().Be(1);
        stderr.ToString().Should().Be("ossec-control: ERROR: disk gone\n");

        var defect = () => new ToolHost(spec, stdout, stderr).RunAsync(["x"]);
        await defect.Should().ThrowAsync<InvalidOperationException>();
    }
}
