using HybridSearch.Search;

namespace HybridSearch.Chunking;

/// <summary>A document cut into passages and stamped with its content hash, ready for <see cref="PassageEncoder"/>.</summary>
/// <param name="Document">The document.</param>
/// <param name="Passages">Character ranges of its <see cref="SearchDocument.EncodingText"/>, in text order.</param>
/// <param name="ContentHash">The hash the encoded document carries.</param>
public readonly record struct ChunkedDocument(SearchDocument Document, IReadOnlyList<PassageRange> Passages, string ContentHash);
