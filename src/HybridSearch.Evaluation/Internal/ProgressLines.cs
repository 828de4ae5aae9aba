using System.Globalization;
using HybridSearch.Ingestion;

namespace HybridSearch.Evaluation.Internal;

/// <summary>
/// The pipeline's progress as a line every ten seconds and at the end (it reports far more often). Reports arrive on the
/// pipeline's writer task, one at a time.
/// </summary>
internal sealed class ProgressLines(TextWriter log) : IProgress<IngestionProgress>
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    private TimeSpan _next = Every;
    private long _printed = -1;

    public void Report(IngestionProgress value)
    {
        // The last batch is reported when written and again when committed; one line says it.
        if (value.Done == _printed || (value.Elapsed < _next && value.Done != value.Total))
        {
            return;
        }

        _next = value.Elapsed + Every;
        _printed = value.Done;
        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {value.Done}/{value.Total?.ToString(CultureInfo.InvariantCulture) ?? "?"} documents, {value.DocumentsPerSecond:F1} docs/s"));
    }
}
