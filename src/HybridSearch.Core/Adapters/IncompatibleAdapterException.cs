using HybridSearch.Encoders;

namespace HybridSearch.Adapters;

/// <summary>An adapter trained against one document encoder is being used with another.</summary>
public sealed class IncompatibleAdapterException : InvalidOperationException
{
    /// <summary>Creates the exception for the adapter from <paramref name="source"/>.</summary>
    public IncompatibleAdapterException(string source, EncoderIdentity expected, EncoderIdentity found)
        : base($"Query adapter '{source}' was trained for the document encoder {found}, but the encoder in use is {expected}. " +
               "Train an adapter for this encoder, or use the encoder the adapter was trained for.")
    {
        AdapterSource = source;
        Expected = expected;
        Found = found;
    }

    /// <summary>The adapter's file, or a description of an in-memory adapter.</summary>
    public string AdapterSource { get; }

    /// <summary>Identity of the encoder in use.</summary>
    public EncoderIdentity Expected { get; }

    /// <summary>Identity recorded in the adapter.</summary>
    public EncoderIdentity Found { get; }
}
