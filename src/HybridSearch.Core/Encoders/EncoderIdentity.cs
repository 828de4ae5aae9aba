namespace HybridSearch.Encoders;

/// <summary>
/// Who produced a vector: the model's name, a hash of its weights and the vector size. An index records the identity of
/// its document encoder so that a query encoder from another model can be refused instead of returning nonsense.
/// </summary>
/// <param name="Model">Model name (a packaged name such as <c>minilm</c>, or a custom model's declared name).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the model weights (<c>model.onnx</c>).</param>
/// <param name="Dimensions">Length of every vector this encoder produces.</param>
public sealed record EncoderIdentity(string Model, string Sha256, int Dimensions)
{
    /// <summary>True when vectors from <paramref name="other"/> live in the same space as this encoder's.</summary>
    public bool IsCompatibleWith(EncoderIdentity other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Dimensions == other.Dimensions && string.Equals(Sha256, other.Sha256, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// SHA-256 of the model these weights were derived from (an int8 quantisation of it, say); null for an original
    /// model. Not part of the index's record: an index compares the weights that wrote it.
    /// </summary>
    public string? DerivedFromSha256 { get; init; }

    /// <summary>
    /// True when this encoder's query vectors may search documents that <paramref name="indexEncoder"/> wrote: the same
    /// weights, or weights derived from exactly those (an int8 query tower over a float32 index: cheap queries, exact
    /// documents). Writing documents still needs <see cref="IsCompatibleWith"/>: an index holds one encoder's vectors.
    /// </summary>
    public bool CanQuery(EncoderIdentity indexEncoder)
    {
        ArgumentNullException.ThrowIfNull(indexEncoder);
        return IsCompatibleWith(indexEncoder)
            || (Dimensions == indexEncoder.Dimensions && DerivedFromSha256 is { } source
                && string.Equals(source, indexEncoder.Sha256, StringComparison.OrdinalIgnoreCase));
    }

    /// <inheritdoc />
    public override string ToString() =>
        DerivedFromSha256 is { } source
            ? $"{Model} (sha256 {Short(Sha256)}…, {Dimensions} dims, derived from sha256 {Short(source)}…)"
            : $"{Model} (sha256 {Short(Sha256)}…, {Dimensions} dims)";

    private static string Short(string sha256) => sha256[..Math.Min(12, sha256.Length)];
}
