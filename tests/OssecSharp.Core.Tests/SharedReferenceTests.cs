using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests;

public sealed class SharedReferenceTests
{
    [Theory]
    [InlineData("keys.json")]
    [InlineData("messages.json")]
    [InlineData("enrollment.json")]
    [InlineData("manage_agents.json")]
    [InlineData("rids.json")]
    [InlineData("agentless.json")]
    public void Every_vector_file_is_found_and_has_vectors(string file)
    {
        using var doc = SharedReference.LoadVectors(file);
        doc.RootElement.TryGetProperty("vectors", out var vectors).Should().BeTrue();
        vectors.GetArrayLength().Should().BeGreaterThan(0);
    }
}
