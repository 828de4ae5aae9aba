using Microsoft.Extensions.Options;

namespace HybridSearch.Ingestion;

/// <summary>Checks <see cref="IngestionOptions"/> once, at start-up, with messages that name the setting at fault.</summary>
public sealed class IngestionOptionsValidator : IValidateOptions<IngestionOptions>
{
    /// <summary>Largest accepted <see cref="IngestionOptions.BatchSize"/>.</summary>
    public const int MaxBatchSize = 4096;

    /// <summary>Largest accepted <see cref="IngestionOptions.WriteBatchSize"/>.</summary>
    public const int MaxWriteBatchSize = 65_536;

    /// <summary>Largest accepted <see cref="IngestionOptions.EncoderParallelism"/>.</summary>
    public const int MaxEncoderParallelism = 64;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Collect(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every invalid setting.</summary>
    public static void ThrowIfInvalid(IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Collect(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(IngestionOptions), failures);
        }
    }

    private static List<string> Collect(IngestionOptions o)
    {
        const string S = IngestionOptions.SectionName;
        var failures = new List<string>();
        Range(failures, $"{S}:BatchSize", o.BatchSize, 1, MaxBatchSize);
        Range(failures, $"{S}:WriteBatchSize", o.WriteBatchSize, 1, MaxWriteBatchSize);
        Range(failures, $"{S}:BatchTokens", o.BatchTokens, 1, 1 << 24);
        Range(failures, $"{S}:QueueCapacity", o.QueueCapacity, 1, 1 << 20);
        Range(failures, $"{S}:EncoderParallelism", o.EncoderParallelism, 1, MaxEncoderParallelism);
        Range(failures, $"{S}:MaxTextChars", o.MaxTextChars, 1, 256 << 20);
        Range(failures, $"{S}:PassageOverlapTokens", o.PassageOverlapTokens, 0, 4096);
        Positive(failures, $"{S}:BatchTimeout", o.BatchTimeout);
        Positive(failures, $"{S}:CheckpointInterval", o.CheckpointInterval);
        Positive(failures, $"{S}:DrainTimeout", o.DrainTimeout);
        if (!Enum.IsDefined(o.Chunking))
        {
            failures.Add($"{S}:Chunking must be Passages or Truncate (was {o.Chunking}).");
        }

        if (string.IsNullOrWhiteSpace(o.StateDirectory) && (string.IsNullOrWhiteSpace(o.CheckpointPath) ||
                                                             string.IsNullOrWhiteSpace(o.DeadLetterPath)))
        {
            failures.Add($"{S}:StateDirectory must be set unless both CheckpointPath and DeadLetterPath are.");
        }

        if (o.Retry is null)
        {
            failures.Add($"{S}:Retry must be set.");
            return failures;
        }

        Positive(failures, $"{S}:Retry:BaseDelay", o.Retry.BaseDelay);
        Positive(failures, $"{S}:Retry:MaxDelay", o.Retry.MaxDelay);
        Range(failures, $"{S}:Retry:MaxAttempts", o.Retry.MaxAttempts, 0, int.MaxValue);
        if (o.Retry.MaxDelay < o.Retry.BaseDelay)
        {
            failures.Add($"{S}:Retry:MaxDelay ({o.Retry.MaxDelay}) must not be shorter than {S}:Retry:BaseDelay ({o.Retry.BaseDelay}).");
        }

        return failures;
    }

    private static void Range(List<string> failures, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{setting} must be between {min} and {max} (was {value}).");
        }
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{setting} must be a positive time span such as 00:00:05 (was {value}).");
        }
    }
}
