namespace HybridSearch.Cli.Commands;

/// <summary>One input line of <c>embed</c> or <c>bench encode</c>.</summary>
/// <param name="Id">The document id; for a numeric id, its JSON text.</param>
/// <param name="IdIsNumber">True when the input wrote the id as a number, so the output writes it back as one.</param>
/// <param name="Text">What the model encodes: the document's <see cref="HybridSearch.Search.SearchDocument.EncodingText"/>.</param>
/// <param name="Line">1-based line number in the input file.</param>
internal sealed record TextRecord(string Id, bool IdIsNumber, string Text, int Line);
