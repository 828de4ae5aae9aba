using System.CommandLine;
using System.Globalization;
using HybridSearch.Chunking;
using HybridSearch.Cli.Ingestion;
using HybridSearch.Onnx;
using HybridSearch.Ingestion;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// <c>ingest --input PATH (--index DIR | --elasticsearch URL --index-name NAME) [--model M]</c>: index a JSONL file or a
/// folder of .txt/.md files through the worker's pipeline, in the foreground, with a progress bar.
/// </summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input")
        {
            Description = "JSONL file (id or _id, text, optional title, other fields kept as metadata) or a folder of .txt/.md files",
            Required = true,
        };
        var model = new Option<string?>("--model")
        {
            Description = $"Packaged model name or model folder; default: the index's model, or {EncoderLoader.DefaultModel} for a new index",
        };
        var chunking = new Option<ChunkingMode?>("--chunking")
        {
            Description = "passages (sentence-aware token windows, best passage scores) or truncate (one vector per document, cut at " +
                          "the model's limit); default: the index's setting, or passages for a new index",
        };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Texts per model run, as in bench encode (the pipeline hands the encoder larger groups, which it sorts by length)",
            DefaultValueFactory = _ => OnnxEncoderOptions.DefaultBatchSize,
        };
        var state = new Option<string?>("--state")
        {
            Description = $"Folder for the checkpoint and dead letters; default: {CliIngestion.StateFolderName}/ inside the embedded " +
                          "index, or .hybridsearch/ingest-state/ for Elasticsearch",
        };
        var fromStart = new Option<bool>("--from-start") { Description = "Ignore the checkpoint of an earlier run and read the input again" };
        var noOptimize = new Option<bool>("--no-optimize")
        {
            Description = "Leave the embedded index's keyword segments unmerged (merging makes searches faster; skip it for an index " +
                          "that keeps taking writes)",
        };
        var command = new Command(
            "ingest",
            "Index documents (embedded index or Elasticsearch); an interrupted run resumes from its checkpoint when rerun");
        command.Options.Add(input);
        var target = IndexTargetOptions.AddTo(command, "Embedded index directory (created when missing)");
        command.Options.Add(model);
        command.Options.Add(chunking);
        command.Options.Add(batchSize);
        command.Options.Add(state);
        command.Options.Add(fromStart);
        command.Options.Add(noOptimize);
        command.SetAction(async (result, cancellationToken) =>
        {
            var (directory, elasticsearch) = target.Resolve(result);
            var settings = new IngestSettings(
                result.GetValue(input)!,
                directory,
                elasticsearch,
                result.GetValue(model),
                result.GetValue(chunking),
                result.GetValue(batchSize),
                result.GetValue(state),
                result.GetValue(fromStart),
                !result.GetValue(noOptimize));
            return await RunAsync(settings, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(IngestSettings settings, CancellationToken cancellationToken)
    {
        var outcome = await IngestionProgressDisplay.RunAsync(progress => CliIngestion.RunAsync(
                settings,
                m => EncoderLoader.Load(m, new OnnxEncoderOptions { BatchSize = settings.BatchSize }).DocumentEncoder,
                progress,
                NullLoggerFactory.Instance,
                cancellationToken))
            .ConfigureAwait(false);
        foreach (var (toError, text) in SummaryLines(outcome, settings.Input))
        {
            (toError ? Console.Error : Console.Out).WriteLine(text);
        }

        return outcome.Summary.Stopped ? 130 : 0;
    }

    /// <summary>
    /// What <c>ingest</c> reports when it ends: the counts on stdout; records not indexed (bad input, or refused by the
    /// index) and a stop on stderr, each naming where to look.
    /// </summary>
    internal static IReadOnlyList<(bool ToError, string Text)> SummaryLines(IngestOutcome outcome, string input)
    {
        var summary = outcome.Summary;
        var culture = CultureInfo.InvariantCulture;
        var lines = new List<(bool, string)>();
        var holds = string.Create(culture, $"{outcome.Label} holds {outcome.Index.Documents:N0} documents, {outcome.Index.Passages:N0} passages.");
        if (summary.ResumedFrom is not null && summary.Read == 0)
        {
            lines.Add((false, $"Nothing new in {input} since the last run (--from-start reads it again). {holds}"));
        }
        else
        {
            var resumed = summary.ResumedFrom is null ? string.Empty : ", resuming an earlier run";
            lines.Add((false, string.Create(
                culture,
                $"Indexed {summary.Written:N0} documents in {summary.Elapsed.TotalSeconds:F1} s ({summary.DocumentsPerSecond:F1} docs/s, " +
                $"{summary.VectorsPerSecond:F0} vectors/s){resumed}. {holds}")));
        }

        if (summary.DeadLettered > 0)
        {
            lines.Add((true, string.Create(
                culture,
                $"hybridsearch: {summary.DeadLettered:N0} records were not indexed (bad input, or refused by the index); each is in {summary.DeadLetterPath} with its reason")));
        }

        if (summary.Stopped)
        {
            lines.Add((true, "hybridsearch: stopped; run the same command again to resume from the checkpoint"));
        }

        return lines;
    }
}
