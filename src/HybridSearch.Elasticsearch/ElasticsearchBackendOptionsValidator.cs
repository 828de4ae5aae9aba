using Microsoft.Extensions.Options;

namespace HybridSearch.Elasticsearch;

/// <summary>Checks <see cref="ElasticsearchBackendOptions"/> once at start-up; each failure names its setting.</summary>
public sealed class ElasticsearchBackendOptionsValidator : IValidateOptions<ElasticsearchBackendOptions>
{
    private const string Prefix = "HybridSearch:Elasticsearch:";
    private static readonly System.Buffers.SearchValues<char> ForbiddenIndexCharacters =
        System.Buffers.SearchValues.Create("\\/*?\"<>|,# :");

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ElasticsearchBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Url is null)
        {
            failures.Add($"{Prefix}Url is required (e.g. http://localhost:9200).");
        }
        else if (!options.Url.IsAbsoluteUri || (options.Url.Scheme != Uri.UriSchemeHttp && options.Url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{Prefix}Url '{options.Url}' must be an absolute http:// or https:// address.");
        }

        ValidateIndexName(options.IndexName, failures);
        ValidateCredentials(options, failures);
        if (options.HnswM is < 2 or > 512)
        {
            failures.Add($"{Prefix}HnswM is {options.HnswM}; it must be between 2 and 512.");
        }

        if (options.HnswEfConstruction is < 1 or > 3200 || options.HnswEfConstruction < options.HnswM)
        {
            failures.Add($"{Prefix}HnswEfConstruction is {options.HnswEfConstruction}; it must be between 1 and 3200 and at least HnswM.");
        }

        if (!Enum.IsDefined(options.VectorIndex))
        {
            failures.Add($"{Prefix}VectorIndex '{options.VectorIndex}' is not one of Hnsw, Int8Hnsw, BbqHnsw, Flat.");
        }

        if (options.KeywordFields is { } fields && fields.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{Prefix}KeywordFields has an empty entry; list fields such as title, text or content.");
        }

        if (options.BulkMaxDocuments is < 1 or > 100_000)
        {
            failures.Add($"{Prefix}BulkMaxDocuments is {options.BulkMaxDocuments}; it must be between 1 and 100000.");
        }

        if (options.BulkMaxBytes is < 1024 or > 100 * 1024 * 1024)
        {
            failures.Add($"{Prefix}BulkMaxBytes is {options.BulkMaxBytes}; it must be between 1024 and 104857600 (100 MiB).");
        }

        if (options.MaxRetries is < 0 or > 50)
        {
            failures.Add($"{Prefix}MaxRetries is {options.MaxRetries}; it must be between 0 and 50.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Prefix}RetryBaseDelay is {options.RetryBaseDelay}; it must be between 0 and 5 minutes.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{Prefix}RequestTimeout is {options.RequestTimeout}; it must be positive and at most one hour.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every failure of <paramref name="options"/>.</summary>
    public static void ThrowIfInvalid(ElasticsearchBackendOptions options)
    {
        var result = new ElasticsearchBackendOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ElasticsearchBackendOptions), result.Failures);
        }
    }

    private static void ValidateIndexName(string? indexName, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(indexName))
        {
            failures.Add($"{Prefix}IndexName is required.");
            return;
        }

        if (!string.Equals(indexName, indexName.ToLowerInvariant(), StringComparison.Ordinal)
            || indexName.AsSpan().IndexOfAny(ForbiddenIndexCharacters) >= 0
            || indexName[0] is '-' or '_' or '+'
            || indexName is "." or ".."
            || System.Text.Encoding.UTF8.GetByteCount(indexName) > 250)
        {
            failures.Add($"{Prefix}IndexName '{indexName}' is not a valid index name: use lower case, no spaces or " +
                         "\\ / * ? \" < > | , # :, not starting with - _ +, at most 250 bytes.");
        }
    }

    private static void ValidateCredentials(ElasticsearchBackendOptions options, List<string> failures)
    {
        var hasUser = !string.IsNullOrEmpty(options.Username);
        var hasPassword = !string.IsNullOrEmpty(options.Password);
        if (hasUser != hasPassword)
        {
            failures.Add($"{Prefix}Username and {Prefix}Password must be set together.");
        }

        if (!string.IsNullOrEmpty(options.ApiKey) && (hasUser || hasPassword))
        {
            failures.Add($"{Prefix}ApiKey excludes Username and Password; set one or the other.");
        }

        if (options.Engine == SearchEngine.OpenSearch && options.Hybrid == HybridExecution.ServerRetriever)
        {
            failures.Add($"{Prefix}Hybrid=ServerRetriever is not available with Engine=OpenSearch; use Client.");
        }
    }
}
