using HybridSearch.Ingestion;
namespace HybridSearch.Worker.Tests.Fakes;

/// <summary>
/// Finds the shared data folder: <c>HYBRIDSEARCH_SHARED</c>, else a <c>shared/</c> folder beside one of the test's
/// ancestors (CI keeps it beside the clone), else <c>/work/shared</c>.
/// </summary>
internal static class SharedData
{
    public static string? SciFactCorpus()
    {
        foreach (var root in Candidates())
        {
            var corpus = Path.Combine(root, "datasets", "scifact", "corpus.jsonl");
            if (File.Exists(corpus))
            {
                return corpus;
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("HYBRIDSEARCH_SHARED") is { Length: > 0 } configured)
        {
            yield return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            yield return Path.Combine(directory.FullName, "shared");
        }

        yield return "/work/shared";
    }
}
