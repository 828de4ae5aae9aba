using System.Security.Cryptography;
using HybridSearch.Encoders;

namespace HybridSearch.Adapters;

/// <summary>
/// The query tower of an asymmetric dual encoder: the base query encoder (prefix included) followed by a
/// <see cref="QueryAdapter"/>. Its identity names both, so cached query vectors of the base model are never mistaken for
/// adapted ones; the document tower keeps the base identity, so no document is re-encoded.
/// </summary>
internal sealed class QueryAdapterEncoder : DelegatingTextEncoder
{
    public QueryAdapterEncoder(ITextEncoder innerEncoder, QueryAdapter adapter)
        : base(innerEncoder)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        adapter.EnsureCompatibleWith(innerEncoder.Identity);
        Adapter = adapter;
        var inner = innerEncoder.Identity;
        var combined = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{inner.Sha256}\n{adapter.ContentSha256}"));
        Identity = new EncoderIdentity($"{inner.Model}+adapter", Convert.ToHexStringLower(combined), inner.Dimensions);
    }

    public QueryAdapter Adapter { get; }

    public override EncoderIdentity Identity { get; }

    public override async Task EncodeAsync(
        IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        await InnerEncoder.EncodeAsync(texts, destination, cancellationToken).ConfigureAwait(false);
        Adapter.ApplyToRows(destination.Span[..(texts.Count * Adapter.Dimensions)]);
    }
}
