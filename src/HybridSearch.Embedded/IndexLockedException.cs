namespace HybridSearch.Embedded;

/// <summary>
/// An index could not be opened for writing because another writer (another process, or another instance in this one)
/// holds its write lock. Nothing in the index was touched. A read-only open (<see cref="EmbeddedIndexOptions.ReadOnly"/>)
/// works meanwhile.
/// </summary>
public sealed class IndexLockedException : IOException
{
    /// <summary>Creates the exception for <paramref name="directory"/> held by the described writer.</summary>
    public IndexLockedException(string directory, int? holderProcessId, string? holderHost, DateTimeOffset? holderSince, Exception? inner = null)
        : base(Describe(directory, holderProcessId, holderHost, holderSince), inner)
    {
        Directory = directory;
        HolderProcessId = holderProcessId;
        HolderHost = holderHost;
        HolderSince = holderSince;
    }

    /// <summary>The index directory.</summary>
    public string Directory { get; }

    /// <summary>Process id of the writer holding the lock, when it recorded one.</summary>
    public int? HolderProcessId { get; }

    /// <summary>Host name of the writer holding the lock, when it recorded one.</summary>
    public string? HolderHost { get; }

    /// <summary>When the writer took the lock (UTC), when it recorded it.</summary>
    public DateTimeOffset? HolderSince { get; }

    private static string Describe(string directory, int? pid, string? host, DateTimeOffset? since)
    {
        var holder = pid is null
            ? "another writer (it has not recorded who it is yet)"
            : $"pid {pid} on host {host ?? "?"}" + (since is { } at ? $" since {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" : string.Empty);
        return $"Index '{directory}' is being written by {holder}; one writer at a time: wait for it to finish or stop it " +
               "(searches can open the index read-only meanwhile).";
    }
}
