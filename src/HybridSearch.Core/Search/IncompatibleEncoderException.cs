using HybridSearch.Encoders;

namespace HybridSearch.Search;

/// <summary>An index was built by one document encoder and is being used with vectors of another.</summary>
public sealed class IncompatibleEncoderException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="index"/> built by <paramref name="indexEncoder"/>.</summary>
    public IncompatibleEncoderException(string index, EncoderIdentity indexEncoder, EncoderIdentity requestedEncoder)
        : base($"Index '{index}' was built with {indexEncoder}, but the configured encoder is {requestedEncoder}. " +
               "Use the encoder the index was built with, or rebuild the index.")
    {
        IndexEncoder = indexEncoder;
        RequestedEncoder = requestedEncoder;
    }

    /// <summary>Identity recorded in the index.</summary>
    public EncoderIdentity IndexEncoder { get; }

    /// <summary>Identity of the encoder in use.</summary>
    public EncoderIdentity RequestedEncoder { get; }
}
