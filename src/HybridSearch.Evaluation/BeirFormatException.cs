namespace HybridSearch.Evaluation;

/// <summary>A BEIR file is malformed; the message starts with <c>file:line:</c>.</summary>
public sealed class BeirFormatException : FormatException
{
    /// <summary>Creates the exception for line <paramref name="lineNumber"/> (1-based) of <paramref name="filePath"/>.</summary>
    public BeirFormatException(string filePath, long lineNumber, string problem, Exception? innerException = null)
        : base($"{filePath}:{lineNumber}: {problem}", innerException)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line at fault.</summary>
    public long LineNumber { get; }
}
