using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using HybridSearch.Diagnostics;
using HybridSearch.Search;
using HybridSearch.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HybridSearch.DependencyInjection.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task A_hybrid_search_emits_a_span_for_every_stage_under_the_callers_span()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == HybridSearchTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var provider = await CreateAsync();
        var client = provider.GetRequiredService<HybridSearchClient>();

        using var parent = new Activity("request").Start();
        await client.SearchAsync(new SearchRequest("plants energy") { Mode = SearchMode.Hybrid, Rescore = true });
        parent.Stop();

        var mine = spans.Where(s => s.TraceId == parent.TraceId).ToList();
        var stages = mine.Select(s => s.GetTagItem(HybridSearchTelemetry.StageTag) as string).Order(StringComparer.Ordinal);
        Assert.Equal(["encode", "fusion", "keyword", "rescore", "search", "vector"], stages);
        var search = mine.Single(s => s.OperationName == "hybridsearch.search");
        Assert.Equal(parent.SpanId, search.ParentSpanId);
        Assert.All(
            mine.Where(s => s.OperationName is "hybridsearch.keyword" or "hybridsearch.vector" or "hybridsearch.rescore" or "hybridsearch.fusion"),
            s => Assert.Equal(search.SpanId, s.ParentSpanId));
    }

    [Fact]
    public async Task Stage_durations_and_cache_counts_are_published_on_the_HybridSearch_meter()
    {
        var stages = new ConcurrentBag<string>();
        long hits = 0, misses = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == HybridSearchTelemetry.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (instrument.Name == HybridSearchTelemetry.StageDurationInstrument && tag.Key == HybridSearchTelemetry.StageTag)
                {
                    stages.Add((string)tag.Value!);
                }
            }
        });
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "hybridsearch.query_cache.hits")
            {
                Interlocked.Add(ref hits, value);
            }
            else if (instrument.Name == "hybridsearch.query_cache.misses")
            {
                Interlocked.Add(ref misses, value);
            }
        });
        listener.Start();
        await using var provider = await CreateAsync();
        var client = provider.GetRequiredService<HybridSearchClient>();
        var query = $"metered query {Guid.NewGuid()}";

        await client.SearchAsync(new SearchRequest(query) { Mode = SearchMode.Hybrid });
        await client.SearchAsync(new SearchRequest(query) { Mode = SearchMode.Hybrid });

        Assert.Superset(new HashSet<string> { "encode", "keyword", "vector", "fusion", "search" }, stages.ToHashSet());
        Assert.True(Interlocked.Read(ref hits) >= 1);
        Assert.True(Interlocked.Read(ref misses) >= 1);
    }

    private static async Task<ServiceProvider> CreateAsync()
    {
        var encoder = new BagOfWordsEncoder();
        var backend = await TestServices.IndexAsync(encoder, ("a", "plants make energy"), ("b", "energy of stars"));
        var services = TestServices.Create();
        services.AddHybridSearch().AddFakes(encoder, backend);
        return services.BuildServiceProvider();
    }
}
