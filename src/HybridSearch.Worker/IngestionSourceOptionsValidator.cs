using HybridSearch.Ingestion;
using HybridSearch.Elasticsearch;
using Microsoft.Extensions.Options;

namespace HybridSearch.Worker;

/// <summary>
/// Checks <see cref="IngestionSourceOptions"/> at start-up, naming the setting at fault. A backfill also needs the index
/// kind (<c>HybridSearch:Index:Kind</c>), which the host reads from raw configuration so that one bad setting is reported
/// on its own rather than through another options class.
/// </summary>
internal sealed class IngestionSourceOptionsValidator(string? indexKind = null) : IValidateOptions<IngestionSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestionSourceOptions options)
    {
        const string S = IngestionSourceOptions.SectionName;
        var failures = new List<string>();
        if (options.IsElasticsearchBackfill)
        {
            ValidateBackfill(options, failures);
        }
        else if (!string.Equals(options.Kind, IngestionSourceOptions.FileKind, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{S}:Kind '{options.Kind}' is unknown: use '{IngestionSourceOptions.FileKind}' or " +
                         $"'{IngestionSourceOptions.ElasticsearchBackfillKind}'.");
        }
        else
        {
            ValidateFile(options, failures);
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{S}:PollInterval must be a positive time span such as 00:00:05 (was {options.PollInterval}).");
        }

        if (options.SettleTime < TimeSpan.Zero)
        {
            failures.Add($"{S}:SettleTime must not be negative (was {options.SettleTime}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateFile(IngestionSourceOptions options, List<string> failures)
    {
        const string S = IngestionSourceOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{S}:Path must name a JSONL file or a folder of .txt/.md files.");
        }
        else if (!File.Exists(options.Path) && !Directory.Exists(options.Path))
        {
            failures.Add($"{S}:Path '{options.Path}' is neither an existing file nor an existing folder.");
        }
        else if (options.Watch && !Directory.Exists(options.Path))
        {
            failures.Add($"{S}:Watch can only be true when {S}:Path is a folder ('{options.Path}' is a file).");
        }
    }

    private void ValidateBackfill(IngestionSourceOptions options, List<string> failures)
    {
        const string S = IngestionSourceOptions.SectionName;
        if (!WorkerIndex.IsElasticsearch(indexKind))
        {
            failures.Add($"{S}:Kind '{IngestionSourceOptions.ElasticsearchBackfillKind}' rewrites documents of the Elasticsearch " +
                         $"index in place, so {IndexOptions.SectionName}:Kind must be '{WorkerIndex.Elasticsearch}' " +
                         $"(was '{indexKind ?? new IndexOptions().Kind}').");
        }

        if (options.Watch)
        {
            failures.Add($"{S}:Watch applies to folders only; a backfill ends when the scan does.");
        }

        if (options.Backfill is null)
        {
            failures.Add($"{ElasticsearchBackfillOptions.SectionName} must be set.");
            return;
        }

        var result = new ElasticsearchBackfillOptionsValidator().Validate(null, options.Backfill);
        if (result.Failed)
        {
            failures.AddRange(result.Failures);
        }
    }
}
