using System.Text.Json;
using Elastic.Clients.Elasticsearch.Core.Search;
using HybridSearch.Ingestion;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// Turns one backfill hit into a record: a document when it needs encoding, an error when its <c>_source</c> cannot be a
/// document, or nothing when its vector is present and its stored content hash is the one ingestion would write now.
/// </summary>
internal static class BackfillHit
{
    /// <summary>Name of the query clause that matches documents without a vector (reported in <c>matched_queries</c>).</summary>
    public const string MissingVectorQuery = "missing_vector";

    private const int MaxRawChars = 1000;

    public static SourceRecord? Select(
        Hit<JsonElement> hit, string index, string cursor, BackfillMode mode, Func<SearchDocument, string>? contentHash)
    {
        var id = hit.Id ?? string.Empty;
        var where = $"{hit.Index ?? index}/{id}";
        var source = hit.Source;
        if (source.ValueKind != JsonValueKind.Object)
        {
            return Error(cursor, where, $"document '{id}' in index '{hit.Index ?? index}' has no _source", null);
        }

        var error = Read(source, id, hit.Index ?? index, out var document);
        if (error is not null)
        {
            return Error(cursor, where, error, source);
        }

        var revision = hit.SeqNo is { } seqNo && hit.PrimaryTerm is { } term ? new DocumentRevision(seqNo, term) : null;
        if (mode == BackfillMode.MissingVectors || IsMissingVector(hit))
        {
            return SourceRecord.ForDocument(cursor, where, null, document!) with { Revision = revision };
        }

        var stored = source.TryGetProperty("content_hash", out var hash) && hash.ValueKind == JsonValueKind.String ? hash.GetString() : null;
        return string.Equals(stored, contentHash!(document!), StringComparison.Ordinal)
            ? null
            : SourceRecord.ForDocument(cursor, where, null, document!) with { Revision = revision };
    }

    private static bool IsMissingVector(Hit<JsonElement> hit)
    {
        if (hit.MatchedQueries is not { } matched)
        {
            return false;
        }

        // The server answers with a list of names, or with a name → score object when scores were asked for.
        return matched.Tag == Elastic.Clients.Elasticsearch.UnionTag.T1
            ? matched.Value1?.Contains(MissingVectorQuery) == true
            : matched.Value2?.ContainsKey(MissingVectorQuery) == true;
    }

    private static string? Read(JsonElement source, string id, string index, out SearchDocument? document)
    {
        document = null;
        if (!source.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
        {
            return $"document '{id}' in index '{index}' has no string 'text' field ({KindOf(source, "text")})";
        }

        string? title = null;
        if (source.TryGetProperty("title", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind != JsonValueKind.String)
            {
                return $"document '{id}' in index '{index}' has a 'title' that is {t.ValueKind}, not a string";
            }

            title = t.GetString();
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (source.TryGetProperty("metadata", out var m) && m.ValueKind != JsonValueKind.Null)
        {
            if (m.ValueKind != JsonValueKind.Object)
            {
                return $"document '{id}' in index '{index}' has a 'metadata' field that is {m.ValueKind}, not an object";
            }

            foreach (var field in m.EnumerateObject())
            {
                switch (field.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        metadata[field.Name] = field.Value.GetString()!;
                        break;
                    case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                        // Rewritten as a string, as ingestion stores every metadata value.
                        metadata[field.Name] = field.Value.GetRawText();
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        return $"document '{id}' in index '{index}' has metadata.{field.Name} that is {field.Value.ValueKind}; " +
                               "only strings, numbers and booleans can be kept";
                }
            }
        }

        document = new SearchDocument(id, text.GetString()!, title, metadata);
        return null;
    }

    private static string KindOf(JsonElement source, string property) =>
        source.TryGetProperty(property, out var value) ? $"it is {value.ValueKind}" : "it is missing";

    private static SourceRecord Error(string cursor, string where, string reason, JsonElement? source)
    {
        var raw = source?.GetRawText();
        if (raw is { Length: > MaxRawChars })
        {
            raw = string.Concat(raw.AsSpan(0, MaxRawChars), "…");
        }

        return SourceRecord.ForError(cursor, where, null, reason, raw);
    }
}
