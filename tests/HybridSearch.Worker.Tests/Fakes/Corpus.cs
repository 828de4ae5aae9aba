namespace HybridSearch.Worker.Tests.Fakes;

/// <summary>Writes small synthetic JSONL corpora.</summary>
internal static class Corpus
{
    public static string WriteJsonl(string path, int documents)
    {
        using var writer = new StreamWriter(path);
        for (var i = 0; i < documents; i++)
        {
            writer.WriteLine($"{{\"_id\":\"d{i}\",\"title\":\"Document {i}\",\"text\":\"Body of document {i} with a few words.\"}}");
        }

        return path;
    }
}
