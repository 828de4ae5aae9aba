using System.Globalization;
using Microsoft.Extensions.Options;

namespace HybridSearch.Elasticsearch;

/// <summary>Checks <see cref="ElasticsearchBackfillOptions"/> once at start-up; each failure names its setting.</summary>
public sealed class ElasticsearchBackfillOptionsValidator : IValidateOptions<ElasticsearchBackfillOptions>
{
    private const string Prefix = ElasticsearchBackfillOptions.SectionName + ":";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ElasticsearchBackfillOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Collect(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every failure of <paramref name="options"/>.</summary>
    public static void ThrowIfInvalid(ElasticsearchBackfillOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Collect(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ElasticsearchBackfillOptions), failures);
        }
    }

    private static List<string> Collect(ElasticsearchBackfillOptions o)
    {
        var failures = new List<string>();
        // Blank counts as unset (an empty environment variable), as EffectiveIndex reads it.
        if (!string.IsNullOrWhiteSpace(o.Index) && o.Index is var index &&
            (index.Contains(',', StringComparison.Ordinal) || index.Contains('*', StringComparison.Ordinal)))
        {
            failures.Add($"{Prefix}Index '{index}' must name one index or alias (no lists or wildcards); leave it unset for " +
                         $"{ElasticsearchBackendOptions.SectionName}:IndexName.");
        }

        if (o.PageSize is < 1 or > ElasticsearchBackfillOptions.MaxPageSize)
        {
            failures.Add(Invariant($"{Prefix}PageSize is {o.PageSize}; it must be between 1 and {ElasticsearchBackfillOptions.MaxPageSize}."));
        }

        if (o.KeepAlive < TimeSpan.FromSeconds(1) || o.KeepAlive > TimeSpan.FromHours(24))
        {
            failures.Add($"{Prefix}KeepAlive is {o.KeepAlive}; it must be between 00:00:01 and 1.00:00:00 (24 hours).");
        }

        if (o.SliceCount is < 1 or > ElasticsearchBackfillOptions.MaxSliceCount)
        {
            failures.Add(Invariant(
                $"{Prefix}SliceCount is {o.SliceCount}; it must be between 1 (no slicing) and {ElasticsearchBackfillOptions.MaxSliceCount}."));
        }
        else if (o.SliceId < 0 || o.SliceId >= o.SliceCount)
        {
            failures.Add(Invariant($"{Prefix}SliceId is {o.SliceId}; it must be at least 0 and less than {Prefix}SliceCount ({o.SliceCount})."));
        }

        if (!Enum.IsDefined(o.Mode))
        {
            failures.Add($"{Prefix}Mode '{o.Mode}' is not one of MissingOrChanged, MissingVectors.");
        }

        return failures;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
