using HybridSearch.Encoders;

namespace HybridSearch.Evaluation.Internal;

/// <summary>
/// A document encoder that answers texts it has seen from an <see cref="EncodedCorpusCache"/> and sends only the others
/// to the model, recording their vectors. It sits under the ingestion pipeline, which chunks and writes as it always does
/// and never learns that most passages were not encoded again. Thread-safe, as the cache is.
/// </summary>
internal sealed class CachingDocumentEncoder : DelegatingTextEncoder
{
    private readonly EncodedCorpusCache _cache;

    public CachingDocumentEncoder(ITextEncoder documentEncoder, EncodedCorpusCache cache)
        : base(documentEncoder)
    {
        _cache = cache;
    }

    public override async Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var dimensions = Identity.Dimensions;
        var missing = new List<int>();
        var keys = new string[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            keys[i] = EncodedCorpusCache.KeyOf(texts[i] ?? throw new ArgumentNullException(nameof(texts), $"Text {i} is null."));
            if (!_cache.TryCopy(keys[i], destination.Span.Slice(i * dimensions, dimensions)))
            {
                missing.Add(i);
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        var encoded = new float[missing.Count * dimensions];
        await InnerEncoder.EncodeAsync(missing.ConvertAll(i => texts[i]), encoded, cancellationToken).ConfigureAwait(false);
        for (var m = 0; m < missing.Count; m++)
        {
            var vector = encoded.AsSpan(m * dimensions, dimensions);
            vector.CopyTo(destination.Span.Slice(missing[m] * dimensions, dimensions));
            _cache.Add(keys[missing[m]], vector);
        }
    }
}
