namespace HybridSearch.Testing;

/// <summary>
/// Finds the read-only shared data folder (datasets, reference files): <c>HYBRIDSEARCH_SHARED</c>, else a <c>shared/</c>
/// folder beside one of the test binaries' ancestors (CI keeps it beside the clone), else <c>/work/shared</c>.
/// </summary>
public static class SharedData
{
    /// <summary>The SciFact dataset folder (BEIR layout), or null when it is not available.</summary>
    public static string? SciFact => Find(System.IO.Path.Combine("datasets", "scifact"));

    /// <summary>The SciFact corpus (<c>corpus.jsonl</c>), or null when it is not available.</summary>
    public static string? SciFactCorpus => Find(System.IO.Path.Combine("datasets", "scifact", "corpus.jsonl"));

    /// <summary>The first existing file or folder at <paramref name="relativePath"/> under a shared root, else null.</summary>
    public static string? Find(string relativePath)
    {
        foreach (var root in Roots())
        {
            var candidate = System.IO.Path.Combine(root, relativePath);
            if (Directory.Exists(candidate) || File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IEnumerable<string> Roots()
    {
        if (Environment.GetEnvironmentVariable("HYBRIDSEARCH_SHARED") is { Length: > 0 } configured)
        {
            yield return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            yield return System.IO.Path.Combine(directory.FullName, "shared");
        }

        yield return "/work/shared";
    }
}
