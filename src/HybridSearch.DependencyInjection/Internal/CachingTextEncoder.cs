using System.Buffers;
using System.Diagnostics.Metrics;
using HybridSearch.Diagnostics;
using HybridSearch.Encoders;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>
/// Keeps the vectors of the <c>capacity</c> most recently used texts so repeated queries skip the model. Texts are keys by
/// ordinal comparison. Two concurrent misses of one text both run the model; the results agree, one is kept.
/// </summary>
internal sealed class CachingTextEncoder : DelegatingTextEncoder
{
    private readonly LruCache<string, float[]> _cache;
    private readonly QueryCacheStatistics _statistics;
    private readonly Meter? _ownedMeter;
    private readonly Counter<long> _hitCounter;
    private readonly Counter<long> _missCounter;

    public CachingTextEncoder(ITextEncoder innerEncoder, int capacity, QueryCacheStatistics statistics, IMeterFactory? meterFactory)
        : base(innerEncoder)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentNullException.ThrowIfNull(statistics);
        _statistics = statistics;
        _cache = new LruCache<string, float[]>(capacity, StringComparer.Ordinal);
        var meter = meterFactory?.Create(HybridSearchTelemetry.MeterName) ?? (_ownedMeter = new Meter(HybridSearchTelemetry.MeterName));
        _hitCounter = meter.CreateCounter<long>("hybridsearch.query_cache.hits", description: "Query embeddings served from the cache.");
        _missCounter = meter.CreateCounter<long>("hybridsearch.query_cache.misses", description: "Query embeddings the model computed.");
    }

    public override async Task EncodeAsync(
        IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var dimensions = Identity.Dimensions;
        if (destination.Length < texts.Count * dimensions)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} floats; {texts.Count} texts of {dimensions} dimensions need {texts.Count * dimensions}.",
                nameof(destination));
        }

        List<int>? misses = null;
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentNullException(nameof(texts), $"Text {i} is null.");
            if (_cache.TryGet(text, out var vector))
            {
                vector.CopyTo(destination.Span.Slice(i * dimensions, dimensions));
            }
            else
            {
                (misses ??= []).Add(i);
            }
        }

        var missCount = misses?.Count ?? 0;
        Count(texts.Count - missCount, missCount);
        if (misses is null)
        {
            return;
        }

        var missTexts = new string[misses.Count];
        for (var m = 0; m < missTexts.Length; m++)
        {
            missTexts[m] = texts[misses[m]];
        }

        var buffer = ArrayPool<float>.Shared.Rent(missTexts.Length * dimensions);
        try
        {
            await InnerEncoder.EncodeAsync(missTexts, buffer.AsMemory(0, missTexts.Length * dimensions), cancellationToken)
                .ConfigureAwait(false);
            for (var m = 0; m < missTexts.Length; m++)
            {
                var row = buffer.AsSpan(m * dimensions, dimensions);
                row.CopyTo(destination.Span.Slice(misses[m] * dimensions, dimensions));
                _cache.Set(missTexts[m], row.ToArray());
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ownedMeter?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Count(int hits, int misses)
    {
        if (hits > 0)
        {
            _statistics.AddHits(hits);
            _hitCounter.Add(hits);
        }

        if (misses > 0)
        {
            _statistics.AddMisses(misses);
            _missCounter.Add(misses);
        }
    }
}
