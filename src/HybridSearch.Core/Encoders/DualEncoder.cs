namespace HybridSearch.Encoders;

/// <summary>
/// A query tower and a document tower whose vectors are compared by dot product. <see cref="Siamese"/> shares one model
/// (optionally with a per-side prefix); <see cref="Asymmetric"/> pairs two encoders of the same dimensions, such as a
/// trained query adapter over a frozen document model. Indexes record <see cref="DocumentIdentity"/>.
/// </summary>
public sealed class DualEncoder
{
    private DualEncoder(ITextEncoder queryEncoder, ITextEncoder documentEncoder, bool isSiamese)
    {
        QueryEncoder = queryEncoder;
        DocumentEncoder = documentEncoder;
        IsSiamese = isSiamese;
    }

    /// <summary>Encodes queries (prefix and adapter included).</summary>
    public ITextEncoder QueryEncoder { get; }

    /// <summary>Encodes documents and passages.</summary>
    public ITextEncoder DocumentEncoder { get; }

    /// <summary>True when both sides share one model.</summary>
    public bool IsSiamese { get; }

    /// <summary>Identity of the document tower: what an index built with this encoder records.</summary>
    public EncoderIdentity DocumentIdentity => DocumentEncoder.Identity;

    /// <summary>Vector size of both towers.</summary>
    public int Dimensions => DocumentEncoder.Identity.Dimensions;

    /// <summary>One model for both sides, each side with an optional prefix (empty or null for none).</summary>
    public static DualEncoder Siamese(ITextEncoder encoder, string? queryPrefix = null, string? documentPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        return new DualEncoder(WithPrefix(encoder, queryPrefix), WithPrefix(encoder, documentPrefix), isSiamese: true);
    }

    /// <summary>Separate query and document encoders, which must produce vectors of the same size.</summary>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    public static DualEncoder Asymmetric(ITextEncoder queryEncoder, ITextEncoder documentEncoder)
    {
        ArgumentNullException.ThrowIfNull(queryEncoder);
        ArgumentNullException.ThrowIfNull(documentEncoder);
        if (queryEncoder.Identity.Dimensions != documentEncoder.Identity.Dimensions)
        {
            throw new ArgumentException(
                $"The query encoder {queryEncoder.Identity} and the document encoder {documentEncoder.Identity} produce vectors " +
                $"of different sizes ({queryEncoder.Identity.Dimensions} vs {documentEncoder.Identity.Dimensions}); " +
                "their dot products would be meaningless.",
                nameof(queryEncoder));
        }

        return new DualEncoder(queryEncoder, documentEncoder, isSiamese: false);
    }

    /// <summary>Encodes one query.</summary>
    public Task<float[]> EncodeQueryAsync(string query, CancellationToken cancellationToken = default) =>
        QueryEncoder.EncodeAsync(query, cancellationToken);

    /// <summary>Encodes documents into <paramref name="destination"/> (texts × dimensions, input order).</summary>
    public Task EncodeDocumentsAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default) =>
        DocumentEncoder.EncodeAsync(texts, destination, cancellationToken);

    private static ITextEncoder WithPrefix(ITextEncoder encoder, string? prefix) =>
        string.IsNullOrEmpty(prefix) ? encoder : new PrefixedTextEncoder(encoder, prefix);
}
