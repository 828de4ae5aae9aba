namespace HybridSearch.Cli.Commands;

/// <summary>One input line of <c>embed</c> or <c>bench encode</c>.</summary>
/// <param name="RawId">The id as JSON text (a string keeps its quotes, a number stays a number), echoed to the output.</param>
/// <param name="Text">What the model encodes: <c>title + " " + text</c> when the line has a title, else <c>text</c>.</param>
/// <param name="Line">1-based line number in the input file.</param>
internal sealed record TextRecord(string RawId, string Text, int Line);
