// A NuGet user's first app: references HybridSearch.Onnx and HybridSearch.Embedded from a feed, nothing else, and must
// find `minilm` in its own output folder (copied there by HybridSearch.Models.MiniLM). Kept to one file so it is easy
// to follow API changes. Exit code 0 only when the expected document ranks first.
using HybridSearch.Chunking;
using HybridSearch.Embedded;
using HybridSearch.Onnx;
using HybridSearch.Search;

var directory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "hybridsearch-consumer-index");
using var encoder = OnnxEncoders.Load("minilm");
var dualEncoder = OnnxDualEncoders.Create(encoder);

SearchDocument[] documents =
[
    new("photosynthesis", "Plants, algae and some bacteria convert light energy into chemical energy stored in glucose; chlorophyll absorbs the light.", "Photosynthesis"),
    new("black-holes", "A black hole is a region of spacetime where gravity is so strong that nothing, not even light, escapes.", "Black holes"),
    new("sourdough", "Sourdough is leavened by a starter of wild yeast and lactic acid bacteria, which give the bread its sour taste.", "Sourdough bread"),
    new("marathon", "Marathon runners build endurance with long slow runs and raise their lactate threshold with tempo runs.", "Training for a marathon"),
];

await using (var index = await EmbeddedIndex.OpenAsync(directory))
{
    await index.EnsureIndexAsync(dualEncoder.DocumentIdentity);
    var encoded = await new DocumentPreparer(dualEncoder).PrepareAsync(documents);
    var written = await index.UpsertAsync(encoded);
    await index.CommitAsync();
    if (written.Written != documents.Length)
    {
        Console.Error.WriteLine($"the index refused {written.Rejected.Count} documents: {string.Join("; ", written.Rejected)}");
        return 1;
    }

    var client = new HybridSearchClient(dualEncoder, index);
    var results = await client.SearchAsync(new SearchRequest("How do plants turn sunlight into energy?") { K = 3 });
    foreach (var hit in results.Hits)
    {
        Console.WriteLine($"{hit.Id}\t{hit.Score:F4}");
    }

    if (results.Hits.Count == 0 || results.Hits[0].Id != "photosynthesis")
    {
        Console.Error.WriteLine("expected 'photosynthesis' first");
        return 1;
    }
}

return 0;
