using System.Net.Http.Json;
using System.Text.Json;

namespace HybridSearch.WebDemo.Tests;

/// <summary>The app end to end with its real encoder: the packaged all-MiniLM-L6-v2 ONNX model from appsettings.json.</summary>
[Trait("Category", "Model")]
public sealed class RealModelTests
{
    [Fact]
    public async Task Semantic_search_with_the_packaged_minilm_model_finds_a_document_that_shares_no_words_with_the_query()
    {
        using var app = new DemoAppFactory { UseTestEncoder = false };
        using var client = app.CreateClient();
        await DemoAppFactory.WaitUntilReadyAsync(client);

        // No query word appears in the photosynthesis fixture ("Plants capture light energy in chlorophyll …"), except by meaning.
        var keyword = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/search?q=how%20do%20trees%20feed%20on%20sunshine&mode=keyword", UriKind.Relative));
        var semantic = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/search?q=how%20do%20trees%20feed%20on%20sunshine&mode=semantic&k=3", UriKind.Relative));

        Assert.DoesNotContain(keyword.GetProperty("hits").EnumerateArray(), h => h.GetProperty("id").GetString() == "photosynthesis");
        var top = semantic.GetProperty("hits")[0];
        Assert.Equal("photosynthesis", top.GetProperty("id").GetString());
        // Unit vectors: the dot product is a cosine.
        Assert.InRange(top.GetProperty("semantic").GetProperty("score").GetDouble(), 0.2, 1.0001);
    }
}
