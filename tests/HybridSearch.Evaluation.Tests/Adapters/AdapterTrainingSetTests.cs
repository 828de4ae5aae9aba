using HybridSearch.Adapters;
using HybridSearch.Core.Tests.Adapters;

namespace HybridSearch.Evaluation.Tests.Adapters;

public sealed class AdapterTrainingSetTests
{
    private const int D = 6;

    [Fact]
    public async Task Pairs_are_encoded_once_per_distinct_text_by_the_right_tower()
    {
        var queryEncoder = new FakeTextEncoder(AdapterTestData.Identity(D));
        var documentEncoder = new FakeTextEncoder(AdapterTestData.Identity(D));
        TrainingPair[] pairs = [
            new("q1", "doc a", ["doc b", "doc c"]),
            new("q1", "doc b", []),
            new("q2", "doc c", ["doc a"]),
        ];

        var set = await AdapterTrainingSet.FromPairsAsync(pairs, queryEncoder, documentEncoder);

        Assert.Equal(["q1", "q2"], queryEncoder.Encoded);
        Assert.Equal(["doc a", "doc b", "doc c"], documentEncoder.Encoded);
        Assert.Equal(2, set.QueryIds.Count);
        Assert.Equal(3, set.DocumentIds.Count);
        Assert.Equal([0, 1], set.Relevant[0]); // q1: doc a and doc b are both relevant
        Assert.Equal([2], set.SuppliedNegatives[0]); // doc b is relevant to q1, so only doc c stays a negative
        Assert.Equal([0], set.SuppliedNegatives[1]);
        Assert.Equal(FakeTextEncoder.VectorOf("doc c", D), set.DocumentVectors[(2 * D)..(3 * D)]);
        Assert.Equal(documentEncoder.Identity, set.DocumentEncoder);
    }

    [Fact]
    public async Task An_already_adapted_query_encoder_is_refused()
    {
        var encoder = new FakeTextEncoder(AdapterTestData.Identity(D));
        var adapted = encoder.WithQueryAdapter(QueryAdapter.CreateIdentity(AdapterTestData.Identity(D)));

        await Assert.ThrowsAsync<ArgumentException>(() => AdapterTrainingSet.FromPairsAsync([new("q", "d", [])], adapted, encoder));
    }

    [Fact]
    public void A_judgement_for_a_document_without_a_vector_is_refused_by_id()
    {
        var error = Assert.Throws<ArgumentException>(() => AdapterTrainingSet.Create(
            AdapterTestData.Identity(D), ["d1"], new float[D], ["q1"], new float[D], [new RelevanceJudgement("q1", "d9", 1)]));

        Assert.Contains("'d9'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vectors_that_do_not_match_the_ids_are_refused()
    {
        Assert.Throws<ArgumentException>(() => AdapterTrainingSet.Create(
            AdapterTestData.Identity(D), ["d1", "d2"], new float[D], ["q1"], new float[D], []));
    }

    [Fact]
    public void Zero_grades_are_not_relevant_and_supplied_negatives_skip_relevant_documents()
    {
        var set = AdapterTrainingSet.Create(
            AdapterTestData.Identity(D),
            ["d1", "d2", "d3"],
            new float[3 * D],
            ["q1"],
            new float[D],
            [new("q1", "d1", 2), new("q1", "d2", 0)],
            new Dictionary<string, IReadOnlyList<string>> { ["q1"] = ["d1", "d3", "d2", "d3"] });

        Assert.Equal([0], set.Relevant[0]);
        Assert.Equal([2], set.Grades[0]);
        Assert.Equal([2, 1], set.SuppliedNegatives[0]);
    }
}
