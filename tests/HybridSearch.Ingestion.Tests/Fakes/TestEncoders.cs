using HybridSearch.Encoders;
using HybridSearch.Testing;

namespace HybridSearch.Ingestion.Tests.Fakes;

/// <summary>The pipeline tests' encoder: 8-dimensional hash vectors anyone can recompute, failing on poisoned texts.</summary>
internal static class TestEncoders
{
    public const int Dimensions = 8;

    /// <param name="maxTokens">The model's limit, which decides where passages are cut.</param>
    /// <param name="randomDelays">Delay each call by 0–3 ms so that parallel batches finish out of order.</param>
    public static ITextEncoder Open(int maxTokens = 64, bool randomDelays = false) =>
        new UnreliableEncoder(new HashEncoder(Dimensions, maxTokens))
        {
            MaxDelay = randomDelays ? TimeSpan.FromMilliseconds(3) : TimeSpan.Zero,
        };

    /// <summary>The vector <see cref="Open"/>'s encoder gives <paramref name="text"/>, computed without it.</summary>
    public static float[] Expected(string text) => HashEncoder.Vector(text, Dimensions);
}
