namespace HybridSearch.Onnx.Tests;

/// <summary>Finds the shared datasets: $HYBRIDSEARCH_SHARED, a shared/ folder above the test binaries, or /work/shared.</summary>
internal static class SharedData
{
    public static string? SciFact => Find(Path.Combine("datasets", "scifact"));

    private static string? Find(string relative)
    {
        var configured = Environment.GetEnvironmentVariable("HYBRIDSEARCH_SHARED");
        if (!string.IsNullOrEmpty(configured) && Directory.Exists(Path.Combine(configured, relative)))
        {
            return Path.Combine(configured, relative);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        var fallback = Path.Combine("/work/shared", relative);
        return Directory.Exists(fallback) ? fallback : null;
    }
}
