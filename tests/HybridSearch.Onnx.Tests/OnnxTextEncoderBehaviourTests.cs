using System.Numerics.Tensors;
using HybridSearch.Encoders;

namespace HybridSearch.Onnx.Tests;

[Collection(PackagedEncodersGroup.Name)]
public sealed class OnnxTextEncoderBehaviourTests(PackagedEncoders encoders)
{
    private const int Dimensions = 384;

    private static string[] MixedLengthTexts() =>
    [
        .. Enumerable.Range(0, 14).Select(i => i % 3 == 0
            ? string.Concat(Enumerable.Repeat($"longer text number {i} about proteins and cells. ", 1 + i))
            : i % 3 == 1 ? $"short {i}" : ""),
    ];

    [Fact]
    public async Task Batches_formed_from_sorted_lengths_return_vectors_in_input_order_equal_to_one_at_a_time()
    {
        var encoder = encoders["arctic-xs"];
        var texts = MixedLengthTexts();

        var batched = await encoder.EncodeAsync(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            var single = await encoder.EncodeAsync(texts[i]);
            var row = batched.AsSpan(i * Dimensions, Dimensions);
            Assert.True(TensorPrimitives.CosineSimilarity(row, single) > 0.99999f, $"text {i} differs from its single encoding");
        }
    }

    [Fact]
    public async Task Small_batch_sizes_give_the_same_vectors_as_one_big_batch()
    {
        var texts = MixedLengthTexts();
        using var smallBatches = OnnxEncoders.Load("minilm", new OnnxEncoderOptions { BatchSize = 3, IntraOpThreads = 1 });

        var expected = await encoders["minilm"].EncodeAsync(texts);
        var actual = await smallBatches.EncodeAsync(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(TensorPrimitives.CosineSimilarity(actual.AsSpan(i * Dimensions, Dimensions), expected.AsSpan(i * Dimensions, Dimensions)) > 0.99999f);
        }
    }

    [Fact]
    public async Task Many_concurrent_callers_get_the_same_vectors_as_a_single_caller()
    {
        var encoder = encoders["minilm"];
        var texts = MixedLengthTexts();
        var expected = new float[texts.Length][];
        for (var i = 0; i < texts.Length; i++)
        {
            expected[i] = await encoder.EncodeAsync(texts[i]);
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            // Each caller encodes a different rotation of the texts, so batches differ between callers.
            var rotated = texts.Skip(caller).Concat(texts.Take(caller)).ToArray();
            return (caller, vectors: await encoder.EncodeAsync(rotated));
        })));

        foreach (var (caller, vectors) in results)
        {
            for (var j = 0; j < texts.Length; j++)
            {
                var original = (j + caller) % texts.Length;
                Assert.True(TensorPrimitives.CosineSimilarity(vectors.AsSpan(j * Dimensions, Dimensions), expected[original]) > 0.99999f);
            }
        }
    }

    [Fact]
    public async Task A_null_text_throws_ArgumentNullException()
    {
        var encoder = encoders["minilm"];

        await Assert.ThrowsAsync<ArgumentNullException>(() => encoder.EncodeAsync(["fine", null!], new float[2 * Dimensions]));
        await Assert.ThrowsAsync<ArgumentNullException>(() => encoder.EncodeAsync((string)null!));
    }

    [Fact]
    public async Task An_empty_text_encodes_to_a_unit_vector()
    {
        var vector = await encoders["arctic-xs"].EncodeAsync("");

        Assert.Equal(1f, TensorPrimitives.Norm(vector), 4);
    }

    [Fact]
    public async Task A_text_far_beyond_the_limit_encodes_like_its_truncated_prefix()
    {
        var encoder = encoders["minilm"];
        var words = Enumerable.Range(0, 300_000).Select(i => $"w{i % 97}").ToArray();

        var huge = await encoder.EncodeAsync(string.Join(' ', words));
        var prefix = await encoder.EncodeAsync(string.Join(' ', words.Take(2000)));

        Assert.True(TensorPrimitives.CosineSimilarity(huge, prefix) > 0.99999f);
    }

    [Fact]
    public async Task A_destination_too_small_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => encoders["minilm"].EncodeAsync(["a", "b"], new float[Dimensions]));

        Assert.Equal("destination", error.ParamName);
    }

    [Fact]
    public async Task No_texts_is_a_no_op()
    {
        await encoders["minilm"].EncodeAsync([], Memory<float>.Empty);
    }

    [Fact]
    public async Task A_cancelled_token_stops_encoding()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encoders["minilm"].EncodeAsync(MixedLengthTexts(), cancelled.Token));
    }

    [Fact]
    public async Task The_embedding_generator_view_returns_one_embedding_per_text_in_order()
    {
        var encoder = encoders["minilm"];

        var embeddings = await encoder.GenerateAsync(["alpha", "beta"]);

        Assert.Equal(2, embeddings.Count);
        Assert.Equal(await encoder.EncodeAsync("beta"), embeddings[1].Vector.ToArray());
        Assert.Equal("minilm", embeddings[0].ModelId);
    }

    [Fact]
    public void The_identity_names_the_model_and_the_hash_of_its_weights()
    {
        var identity = encoders["arctic-xs"].Identity;

        Assert.Equal(new EncoderIdentity("arctic-xs", "cf2698d30ff05da02c70a088313bad56e5c2f401d734cb24a8390d446111936c", 384), identity);
        Assert.Equal(512, encoders["arctic-xs"].MaxTokens);
        Assert.Equal(256, encoders["minilm"].MaxTokens);
    }

    [Fact]
    public async Task A_disposed_encoder_refuses_work()
    {
        var encoder = OnnxEncoders.Load("minilm");
        encoder.Dispose();
        encoder.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => encoder.EncodeAsync("text"));
    }
}
