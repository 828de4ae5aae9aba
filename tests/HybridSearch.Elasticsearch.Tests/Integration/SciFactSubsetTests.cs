using System.Numerics.Tensors;

namespace HybridSearch.Elasticsearch.Tests.Integration;

/// <summary>Checks the integration fixture itself, so a Docker run never starts on a broken subset.</summary>
public sealed class SciFactSubsetTests
{
    [SkippableFact]
    public void The_fixture_covers_every_test_query_and_every_judged_document()
    {
        Skip.If(SciFactSubset.MissingReason is not null, SciFactSubset.MissingReason);
        var subset = SciFactSubset.Shared;

        Assert.Equal(764, subset.Documents.Count);
        Assert.Equal(300, subset.Queries.Count);
        var ids = subset.Documents.Select(d => d.Document.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(subset.Qrels.Values.SelectMany(j => j.Keys), id => Assert.Contains(id, ids));
    }

    [SkippableFact]
    public void Fixture_vectors_are_unit_length_as_dot_product_requires()
    {
        Skip.If(SciFactSubset.MissingReason is not null, SciFactSubset.MissingReason);
        var subset = SciFactSubset.Shared;

        // Elasticsearch rejects dot_product vectors whose squared length is off 1 by more than 1e-4.
        Assert.All(subset.Documents, d => Assert.InRange(TensorPrimitives.Dot(d.Passages[0].Vector, d.Passages[0].Vector), 0.9999f, 1.0001f));
        Assert.All(subset.Queries, q => Assert.InRange(TensorPrimitives.Dot(q.Vector, q.Vector), 0.9999f, 1.0001f));
    }

    [SkippableFact]
    public void Exact_dense_ndcg_matches_the_independent_python_computation()
    {
        Skip.If(SciFactSubset.MissingReason is not null, SciFactSubset.MissingReason);
        var subset = SciFactSubset.Shared;

        var ndcg = subset.Queries.Average(q =>
        {
            return RankingMetrics.Ndcg(subset.ExactTop(q.Vector, 10), subset.Qrels[q.Id], 10);
        });

        // 0.8118 was computed from the same files with a separate Python script (pure Python, float64 dot products).
        Assert.InRange(ndcg, 0.8113, 0.8123);
    }
}
