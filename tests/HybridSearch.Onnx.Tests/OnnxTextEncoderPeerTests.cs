using System.Numerics.Tensors;
using HybridSearch.Encoders;

namespace HybridSearch.Onnx.Tests;

[Collection(PackagedEncodersGroup.Name)]
public sealed class OnnxTextEncoderPeerTests(PackagedEncoders encoders)
{
    [Theory]
    [InlineData("minilm", "doc")]
    [InlineData("minilm", "query")]
    [InlineData("arctic-xs", "doc")]
    [InlineData("arctic-xs", "query")]
    public async Task Vectors_match_the_reference_pipeline_with_cosine_at_least_0_9999_for_every_text(string model, string kind)
    {
        var dual = OnnxDualEncoders.Create(encoders[model]);
        var encoder = kind == "query" ? dual.QueryEncoder : dual.DocumentEncoder;
        var texts = PeerFixtures.Texts();
        var expected = PeerFixtures.Vectors(model, kind);

        var matrix = await encoder.EncodeAsync(texts.Select(t => t.Text).ToArray());

        var failures = new List<string>();
        for (var i = 0; i < texts.Count; i++)
        {
            var actual = matrix.AsSpan(i * 384, 384);
            var cosine = TensorPrimitives.CosineSimilarity(actual, expected[texts[i].Id]);
            if (!(cosine >= 0.9999f))
            {
                failures.Add($"{texts[i].Id}: cosine {cosine}");
            }

            Assert.Equal(1f, TensorPrimitives.Norm(actual), 3);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Minilm_scores_the_sentence_transformers_reference_pairs()
    {
        var encoder = encoders["minilm"];

        var food = await encoder.EncodeAsync("A man is eating food.");
        var bread = await encoder.EncodeAsync("A man is eating a piece of bread.");
        var horse = await encoder.EncodeAsync("A man is riding a horse.");

        Assert.Equal(0.7553, TensorPrimitives.Dot(food, bread), 3);
        Assert.Equal(0.2474, TensorPrimitives.Dot(food, horse), 3);
    }
}
