namespace HybridSearch.Adapters;

/// <summary>An adapter file is not one, is of an unknown version, or is truncated or corrupt.</summary>
public sealed class QueryAdapterFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public QueryAdapterFormatException(string path, string problem, Exception? innerException = null)
        : base($"Query adapter file '{path}': {problem}", innerException)
    {
        Path = path;
    }

    /// <summary>The file at fault.</summary>
    public string Path { get; }
}
