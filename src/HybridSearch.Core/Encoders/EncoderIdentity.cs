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

    /// <inheritdoc />
    public override string ToString() => $"{Model} (sha256 {Sha256[..Math.Min(12, Sha256.Length)]}…, {Dimensions} dims)";
}
