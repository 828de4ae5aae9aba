using HybridSearch.Chunking;
using HybridSearch.Ingestion;
using Microsoft.Extensions.Configuration;

namespace HybridSearch.Worker.Tests;

public sealed class IngestionOptionsBindingTests
{
    [Theory]
    [InlineData("Truncate", ChunkingMode.Truncate)]
    [InlineData("truncate", ChunkingMode.Truncate)]
    [InlineData("Passages", ChunkingMode.Passages)]
    [InlineData("PASSAGES", ChunkingMode.Passages)]
    public void Chunking_binds_core_chunking_mode_names_in_any_case(string value, ChunkingMode expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [IngestionOptions.SectionName + ":Chunking"] = value })
            .Build();
        var options = new IngestionOptions();

        configuration.GetSection(IngestionOptions.SectionName).Bind(options);

        Assert.Equal(expected, options.Chunking);
    }
}
