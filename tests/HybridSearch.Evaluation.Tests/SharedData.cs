namespace HybridSearch.Evaluation.Tests;

/// <summary>Finds the read-only shared data folder (datasets) beside the clone, through HYBRIDSEARCH_SHARED, or at /work/shared.</summary>
internal static class SharedData
{
    public static string? Find(string relativePath)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("HYBRIDSEARCH_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment) && Exists(Path.Combine(fromEnvironment, relativePath)))
        {
            return Path.Combine(fromEnvironment, relativePath);
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", relativePath);
            if (Exists(candidate))
            {
                return candidate;
            }
        }

        var fallback = Path.Combine("/work/shared", relativePath);
        return Exists(fallback) ? fallback : null;
    }

    private static bool Exists(string path) => Directory.Exists(path) || File.Exists(path);
}
