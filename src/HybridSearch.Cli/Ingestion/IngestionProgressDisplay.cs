using System.Globalization;
using HybridSearch.Ingestion;
using Spectre.Console;

namespace HybridSearch.Cli.Ingestion;

/// <summary>
/// Shows an ingestion's progress on stderr: a live Spectre.Console bar (documents, docs/s, ETA) in a terminal, or a plain
/// line every few seconds when stderr is redirected (CI logs, files), so logs stay readable and free of escape codes.
/// </summary>
internal static class IngestionProgressDisplay
{
    /// <summary>How often a plain progress line is written when stderr is redirected.</summary>
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="run"/> with a progress display suited to where stderr goes.</summary>
    public static async Task<T> RunAsync<T>(Func<IProgress<IngestionProgress>, Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected || !console.Profile.Capabilities.Interactive)
        {
            var plain = new PlainProgress(Console.Error, PlainInterval, TimeProvider.System);
            var result = await run(plain).ConfigureAwait(false);
            plain.Flush();
            return result;
        }

        return await console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("ingest", autoStart: true, maxValue: 1);
                task.IsIndeterminate = true;
                return await run(new SynchronousProgress(report => Update(task, report))).ConfigureAwait(false);
            })
            .ConfigureAwait(false);
    }

    /// <summary>One line of progress: <c>1,234 / 5,183 documents (23.8%), 61.2 docs/s, ETA 1m04s, 2 dead-lettered</c>.</summary>
    public static string Describe(IngestionProgress report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var culture = CultureInfo.InvariantCulture;
        var text = report.Total is { } total and > 0
            ? string.Create(culture, $"{report.Done:N0} / {total:N0} documents ({100.0 * report.Done / total:F1}%)")
            : string.Create(culture, $"{report.Done:N0} documents");
        text += string.Create(culture, $", {report.DocumentsPerSecond:F1} docs/s");
        if (report.Total is { } all && report.DocumentsPerSecond > 0 && all > report.Done)
        {
            var eta = TimeSpan.FromSeconds(Math.Ceiling((all - report.Done) / report.DocumentsPerSecond));
            text += ", ETA " + (eta.TotalHours >= 1 ? eta.ToString(@"h\hmm\m", culture) : eta.ToString(@"m\mss\s", culture));
        }

        if (report.DeadLettered > 0)
        {
            text += string.Create(culture, $", {report.DeadLettered:N0} dead-lettered");
        }

        return text;
    }

    private static void Update(ProgressTask task, IngestionProgress report)
    {
        if (report.Total is { } total and > 0)
        {
            task.IsIndeterminate = false;
            task.MaxValue = total;
            task.Value = Math.Min(report.Done, total);
        }

        task.Description = Markup.Escape(Describe(report));
    }

    // Progress<T> posts to the thread pool and could reorder reports; the display only needs the latest, at once.
    private sealed class SynchronousProgress(Action<IngestionProgress> handler) : IProgress<IngestionProgress>
    {
        private readonly Lock _gate = new();

        public void Report(IngestionProgress value)
        {
            lock (_gate)
            {
                handler(value);
            }
        }
    }

    /// <summary>Writes the latest report at most once per interval, and the last one on <see cref="Flush"/>.</summary>
    internal sealed class PlainProgress(TextWriter writer, TimeSpan interval, TimeProvider time) : IProgress<IngestionProgress>
    {
        private readonly Lock _gate = new();
        private long _lastWritten = long.MinValue;
        private IngestionProgress? _latest;
        private bool _latestWritten;

        public void Report(IngestionProgress value)
        {
            lock (_gate)
            {
                _latest = value;
                _latestWritten = false;
                var now = time.GetTimestamp();
                if (_lastWritten != long.MinValue && time.GetElapsedTime(_lastWritten, now) < interval)
                {
                    return;
                }

                _lastWritten = now;
                Write();
            }
        }

        public void Flush()
        {
            lock (_gate)
            {
                if (_latest is not null && !_latestWritten)
                {
                    Write();
                }
            }
        }

        private void Write()
        {
            writer.WriteLine("ingest: " + Describe(_latest!));
            _latestWritten = true;
        }
    }
}
