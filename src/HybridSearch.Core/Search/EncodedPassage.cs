namespace HybridSearch.Search;

/// <summary>A passage of a document's <see cref="SearchDocument.EncodingText"/> with its document-encoder vector.</summary>
/// <param name="Start">Index of the passage's first character in the encoding text.</param>
/// <param name="Length">Number of characters.</param>
/// <param name="Vector">The passage's vector (unit length for the packaged models).</param>
public sealed record EncodedPassage(int Start, int Length, float[] Vector);
