using Microsoft.Extensions.Options;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>
/// Checks <see cref="HybridSearchOptions"/> and that an encoder and a backend were registered, at start-up, with messages
/// that name the configuration key at fault.
/// </summary>
internal sealed class HybridSearchOptionsValidator(HybridSearchRegistrations registrations) : IValidateOptions<HybridSearchOptions>
{
    private const string Prefix = HybridSearchOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, HybridSearchOptions options)
    {
        var failures = new List<string>();
        Check(failures, options.QueryCacheSize >= 0, nameof(options.QueryCacheSize), options.QueryCacheSize, "must be 0 (off) or more");
        Check(failures, options.MaxK is >= 1 and <= 10_000, nameof(options.MaxK), options.MaxK, "must be between 1 and 10000");
        Check(failures, options.DefaultK >= 1 && options.DefaultK <= options.MaxK, nameof(options.DefaultK), options.DefaultK,
            $"must be between 1 and {Prefix}{nameof(options.MaxK)} ({options.MaxK})");
        Check(failures, options.Candidates is null or (>= 1 and <= 10_000), nameof(options.Candidates), options.Candidates,
            "must be between 1 and 10000, or unset");
        Check(failures, options.FusionAlpha is >= 0 and <= 1, nameof(options.FusionAlpha), options.FusionAlpha, "must be between 0 and 1");
        Check(failures, options.FusionRankConstant >= 1, nameof(options.FusionRankConstant), options.FusionRankConstant, "must be 1 or more");
        Check(failures, options.FusionWindow >= 1, nameof(options.FusionWindow), options.FusionWindow, "must be 1 or more");
        Check(failures, Enum.IsDefined(options.DefaultMode), nameof(options.DefaultMode), options.DefaultMode,
            "must be Keyword, Semantic or Hybrid");
        Check(failures, Enum.IsDefined(options.FusionMethod), nameof(options.FusionMethod), options.FusionMethod,
            "must be ReciprocalRank or Linear");

        if (!registrations.HasEncoder())
        {
            failures.Add("HybridSearch has no encoder: call AddOnnxEncoders(...) on the builder that AddHybridSearch() returns, " +
                         "or register an ITextEncoder or IEmbeddingGenerator<string, Embedding<float>>.");
        }

        if (!registrations.HasBackend())
        {
            failures.Add("HybridSearch has no backend: call AddEmbeddedIndex(...) or AddElasticsearch(...) on the builder that " +
                         "AddHybridSearch() returns, or register an ISearchBackend.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool valid, string setting, object? value, string rule)
    {
        if (!valid)
        {
            failures.Add($"{Prefix}{setting} {rule} (it is {value?.ToString() ?? "null"}).");
        }
    }
}
