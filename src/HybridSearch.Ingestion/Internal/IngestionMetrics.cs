using System.Diagnostics.Metrics;

namespace HybridSearch.Ingestion.Internal;

/// <summary>
/// The pipeline's <see cref="System.Diagnostics.Metrics"/> instruments on the meter <see cref="MeterName"/>: documents
/// read, encoded, written and dead-lettered, write retries, encode and write latency, and the depth of each queue.
/// </summary>
internal sealed class IngestionMetrics : IDisposable
{
    public const string MeterName = "HybridSearch.Ingestion";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _read;
    private readonly Counter<long> _encoded;
    private readonly Counter<long> _written;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _encodeSeconds;
    private readonly Histogram<double> _writeSeconds;
    private volatile (string Stage, Func<int> Depth)[] _queues = [];

    public IngestionMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _read = _meter.CreateCounter<long>("hybridsearch.ingest.documents.read", "{document}", "Records read from the source.");
        _encoded = _meter.CreateCounter<long>("hybridsearch.ingest.documents.encoded", "{document}", "Documents encoded.");
        _written = _meter.CreateCounter<long>(
            "hybridsearch.ingest.documents.written", "{document}", "Documents acknowledged by the index.");
        _deadLettered = _meter.CreateCounter<long>(
            "hybridsearch.ingest.documents.dead_lettered", "{document}", "Bad records sent to the dead-letter file.");
        _retries = _meter.CreateCounter<long>("hybridsearch.ingest.write.retries", "{retry}", "Index writes retried after a failure.");
        _encodeSeconds = _meter.CreateHistogram<double>("hybridsearch.ingest.encode.duration", "s", "Time to encode one batch.");
        _writeSeconds = _meter.CreateHistogram<double>("hybridsearch.ingest.write.duration", "s", "Time to write one batch.");
        _meter.CreateObservableGauge("hybridsearch.ingest.queue.depth", ObserveQueues, "{item}", "Items waiting in each stage's queue.");
    }

    /// <summary>Points the queue-depth gauge at the running pipeline's queues.</summary>
    public void TrackQueues(params (string Stage, Func<int> Depth)[] queues) => _queues = queues;

    public void Read() => _read.Add(1);

    public void Encoded(int documents, TimeSpan elapsed)
    {
        _encoded.Add(documents);
        _encodeSeconds.Record(elapsed.TotalSeconds);
    }

    public void Written(int documents, TimeSpan elapsed)
    {
        _written.Add(documents);
        _writeSeconds.Record(elapsed.TotalSeconds);
    }

    public void DeadLettered() => _deadLettered.Add(1);

    public void Retried() => _retries.Add(1);

    private IEnumerable<Measurement<int>> ObserveQueues()
    {
        foreach (var (stage, depth) in _queues)
        {
            yield return new Measurement<int>(depth(), new KeyValuePair<string, object?>("stage", stage));
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
