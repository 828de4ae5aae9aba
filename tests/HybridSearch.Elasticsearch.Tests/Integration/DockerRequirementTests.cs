namespace HybridSearch.Elasticsearch.Tests.Integration;

/// <summary>The integration suite skips without Docker, except where Docker is required: there it fails.</summary>
public sealed class DockerRequirementTests
{
    [Fact]
    public void Without_the_requirement_a_missing_engine_is_a_skip_reason()
    {
        Assert.Equal("no Docker engine: x", DockerEngine.RequireOrSkip("no Docker engine: x", required: "0"));
        Assert.Null(DockerEngine.RequireOrSkip(null, required: "1"));
    }

    [Fact]
    public void With_HYBRIDSEARCH_REQUIRE_DOCKER_1_a_missing_engine_fails_naming_why()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DockerEngine.RequireOrSkip("no Docker engine: x", required: "1"));

        Assert.Contains("HYBRIDSEARCH_REQUIRE_DOCKER=1", error.Message, StringComparison.Ordinal);
        Assert.Contains("no Docker engine: x", error.Message, StringComparison.Ordinal);
    }
}
