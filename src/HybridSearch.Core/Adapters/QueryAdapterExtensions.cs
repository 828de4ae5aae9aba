using HybridSearch.Encoders;

namespace HybridSearch.Adapters;

/// <summary>Puts a trained <see cref="QueryAdapter"/> in front of the query side of an encoder.</summary>
public static class QueryAdapterExtensions
{
    /// <summary>
    /// The query encoder followed by <paramref name="adapter"/>; its identity combines both.
    /// </summary>
    /// <exception cref="IncompatibleAdapterException">The adapter was trained for another model.</exception>
    public static ITextEncoder WithQueryAdapter(this ITextEncoder queryEncoder, QueryAdapter adapter)
    {
        ArgumentNullException.ThrowIfNull(queryEncoder);
        ArgumentNullException.ThrowIfNull(adapter);
        return new QueryAdapterEncoder(queryEncoder, adapter);
    }

    /// <summary>
    /// An asymmetric dual encoder: the adapted query side of <paramref name="encoder"/> over its unchanged document side, so
    /// indexes built with <paramref name="encoder"/> stay valid.
    /// </summary>
    /// <exception cref="IncompatibleAdapterException">The adapter was trained for another document encoder.</exception>
    public static DualEncoder WithQueryAdapter(this DualEncoder encoder, QueryAdapter adapter)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(adapter);
        adapter.EnsureCompatibleWith(encoder.DocumentIdentity);
        return DualEncoder.Asymmetric(new QueryAdapterEncoder(encoder.QueryEncoder, adapter), encoder.DocumentEncoder);
    }

    /// <summary>The adapter applied by <paramref name="queryEncoder"/> or any encoder it decorates; null when there is none.</summary>
    public static QueryAdapter? GetQueryAdapter(this ITextEncoder queryEncoder)
    {
        ArgumentNullException.ThrowIfNull(queryEncoder);
        return (queryEncoder.GetService(typeof(QueryAdapterEncoder)) as QueryAdapterEncoder)?.Adapter;
    }
}
