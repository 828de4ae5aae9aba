using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HybridSearch.Diagnostics;

/// <summary>One running stage from <see cref="HybridSearchTelemetry.StartStage"/>: ends its span and records its duration.</summary>
public sealed class StageMeasurement : IDisposable
{
    private readonly string _stage;
    private readonly Histogram<double> _histogram;
    private readonly long _started;
    private string? _error;
    private bool _disposed;

    internal StageMeasurement(string stage, Activity? activity, Histogram<double> histogram, long started)
    {
        _stage = stage;
        Activity = activity;
        _histogram = histogram;
        _started = started;
    }

    /// <summary>The stage's span, or null when no listener samples it.</summary>
    public Activity? Activity { get; }

    /// <summary>Marks the stage failed with <paramref name="exception"/> (span status and <c>error.type</c> tag).</summary>
    public void Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _error = exception.GetType().FullName;
        Activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        Activity?.SetTag("error.type", _error);
    }

    /// <summary>Ends the span and records the duration.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        if (_histogram.Enabled)
        {
            var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
            if (_error is null)
            {
                _histogram.Record(seconds, new KeyValuePair<string, object?>(HybridSearchTelemetry.StageTag, _stage));
            }
            else
            {
                _histogram.Record(
                    seconds,
                    new KeyValuePair<string, object?>(HybridSearchTelemetry.StageTag, _stage),
                    new KeyValuePair<string, object?>("error.type", _error));
            }
        }

        Activity?.Dispose();
    }
}
