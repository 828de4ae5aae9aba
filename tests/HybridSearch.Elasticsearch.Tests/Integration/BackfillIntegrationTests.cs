using System.Globalization;
using System.Text;
using HybridSearch.Encoders;
using HybridSearch.Ingestion;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Tests.Integration;

/// <summary>
/// The backfill against a real Elasticsearch 9 (<c>dotnet test --filter Category=Elasticsearch</c>): documents indexed
/// without vectors by another writer get exactly one vector each, a document already encoded is left alone, and a second
/// run finds nothing. The read → encode → upsert loop here is what the worker's pipeline does with the same source and
/// backend (this project does not reference the worker).
/// </summary>
[Trait("Category", "Elasticsearch")]
public sealed class BackfillIntegrationTests : IClassFixture<ElasticsearchContainer>
{
    private const int Documents = 23;
    private static readonly EncoderIdentity Encoder = new("backfill-test", new string('b', 64), 4);
    private readonly ElasticsearchContainer _es;

    public BackfillIntegrationTests(ElasticsearchContainer es) => _es = es;

    private static string Hash(SearchDocument document) => "test:" + document.EncodingText;

    [SkippableFact]
    public async Task Documents_indexed_without_vectors_get_one_vector_each_and_a_second_run_finds_nothing()
    {
        Skip.If(_es.SkipReason is not null, _es.SkipReason);
        var options = new ElasticsearchBackendOptions
        {
            Url = _es.Url,
            IndexName = "backfill-" + Guid.NewGuid().ToString("N")[..8],
            RefreshAfterWrite = true,
        };
        using var backend = ElasticsearchBackend.Create(options);
        await backend.EnsureIndexAsync(Encoder);
        var encoded = new SearchDocument("already", "Encoded before the backfill.");
        await backend.UpsertAsync([Encode(encoded)]);
        await IndexWithoutVectorsAsync(options);

        var backfill = new ElasticsearchBackfillOptions { PageSize = 7 };
        var first = await RunAsync(ElasticsearchBackfill.CreateSource(options, backfill, Hash), backend);
        var second = await RunAsync(ElasticsearchBackfill.CreateSource(options, backfill, Hash), backend);

        var expected = Enumerable.Range(0, Documents).Select(Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, first);
        Assert.Empty(second);
        var vectors = await backend.GetPassageVectorsAsync([.. expected, "already"]);
        Assert.Equal(Documents + 1, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(4, Assert.Single(v.Vectors).Length));
        var description = await backend.DescribeAsync();
        Assert.Equal(Documents + 1, description.Documents);
    }

    private static string Id(int i) => "doc-" + i.ToString("D3", CultureInfo.InvariantCulture);

    private static EncodedDocument Encode(SearchDocument document) =>
        new(document, [new EncodedPassage(0, document.EncodingText.Length, [1f, 0f, 0f, 0f])], Hash(document));

    /// <summary>Reads the source to its end, upserting what it yields in batches; returns the ids yielded, in order.</summary>
    private static async Task<List<string>> RunAsync(IDocumentSource source, ElasticsearchBackend backend)
    {
        var yielded = new List<string>();
        var batch = new List<EncodedDocument>();
        await foreach (var record in source.ReadAsync(null))
        {
            Assert.Null(record.Error);
            yielded.Add(record.Document!.Id);
            batch.Add(Encode(record.Document));
            if (batch.Count == 5)
            {
                await backend.UpsertAsync(batch);
                batch.Clear();
            }
        }

        await backend.UpsertAsync(batch);
        return yielded;
    }

    /// <summary>What another writer leaves behind: documents in the HybridSearch mapping, with no vector and no hash.</summary>
    private static async Task IndexWithoutVectorsAsync(ElasticsearchBackendOptions options)
    {
        var body = new StringBuilder();
        for (var i = 0; i < Documents; i++)
        {
            body.Append("{\"index\":{\"_id\":\"").Append(Id(i)).Append("\"}}\n");
            body.Append("{\"id\":\"").Append(Id(i)).Append("\",\"text\":\"Text of document ").Append(i)
                .Append(".\",\"metadata\":{\"batch\":\"legacy\"}}\n");
        }

        using var http = new HttpClient();
        using var content = new StringContent(body.ToString(), System.Text.Encoding.UTF8, "application/x-ndjson");
        using var response = await http.PostAsync(new Uri(options.Url!, $"/{options.IndexName}/_bulk?refresh=true"), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode && text.Contains("\"errors\":false", StringComparison.Ordinal), text);
    }
}
