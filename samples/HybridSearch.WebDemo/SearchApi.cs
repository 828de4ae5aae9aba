using System.Diagnostics;
using HybridSearch.DependencyInjection;
using HybridSearch.Search;
using HybridSearch.WebDemo.Search;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HybridSearch.WebDemo;

/// <summary><c>GET /api/search?q=&amp;mode=&amp;k=</c>: hits with final and per-component scores and the best passage.</summary>
internal static class SearchApi
{
    /// <summary>Longest query accepted, in characters.</summary>
    public const int MaxQueryLength = 1000;

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/search", SearchAsync).WithName("Search");
        return endpoints;
    }

    // Parameters arrive as strings so that every malformed value gets the same problem-details answer naming it.
    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        string? q,
        string? mode,
        string? k,
        HybridSearchClient client,
        IOptions<HybridSearchOptions> options,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["The query (q) must not be empty."];
        }
        else if (q.Length > MaxQueryLength)
        {
            errors["q"] = [$"The query (q) must be at most {MaxQueryLength} characters long; it has {q.Length}."];
        }

        SearchMode? searchMode = null;
        if (!string.IsNullOrEmpty(mode))
        {
            searchMode = ParseMode(mode);
            if (searchMode is null)
            {
                errors["mode"] = [$"Unknown mode '{mode}': use keyword, semantic or hybrid."];
            }
        }

        int? count = null;
        if (!string.IsNullOrEmpty(k))
        {
            if (int.TryParse(k, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                && parsed >= 1 && parsed <= settings.MaxK)
            {
                count = parsed;
            }
            else
            {
                errors["k"] = [$"k must be a whole number from 1 to {settings.MaxK}; it is '{k}'."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The search request has invalid parameters.");
        }

        var request = settings.CreateRequest(q!.Trim(), searchMode, count);
        var started = Stopwatch.GetTimestamp();
        var results = await client.SearchAsync(request, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return TypedResults.Ok(SearchResponse.From(request, results, elapsed));
    }

    private static SearchMode? ParseMode(string mode) => mode.ToUpperInvariant() switch
    {
        "KEYWORD" => SearchMode.Keyword,
        "SEMANTIC" => SearchMode.Semantic,
        "HYBRID" => SearchMode.Hybrid,
        _ => null,
    };
}
