using Microsoft.Extensions.Options;

namespace HybridSearch.Worker;

/// <summary>Checks <see cref="IngestionSourceOptions"/> at start-up, naming the setting at fault.</summary>
internal sealed class IngestionSourceOptionsValidator : IValidateOptions<IngestionSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestionSourceOptions options)
    {
        const string S = IngestionSourceOptions.SectionName;
        var failures = new List<string>();
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
}
