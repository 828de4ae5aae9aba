using HybridSearch.Evaluation;

namespace HybridSearch.Evaluation.Tests;

public sealed class SciFactDatasetTests
{
    [SkippableFact]
    public async Task The_scifact_test_split_has_300_judged_queries_over_5183_documents()
    {
        var directory = SharedData.Find(Path.Combine("datasets", "scifact"));
        Skip.If(directory is null, "The SciFact dataset (shared/datasets/scifact) is not available.");

        var dataset = await BeirDataset.LoadAsync(directory, "test");
        var documents = 0;
        await foreach (var document in dataset.ReadCorpusAsync())
        {
            documents++;
        }

        // Published BEIR statistics for SciFact: 5,183 documents, 300 test queries, 339 judgements (1.1 per query).
        Assert.Equal(5183, documents);
        Assert.Equal(300, dataset.Queries.Count);
        Assert.Equal(339, dataset.Qrels.Values.Sum(j => j.Count));
    }
}
