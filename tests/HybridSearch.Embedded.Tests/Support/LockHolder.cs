namespace HybridSearch.Embedded.Tests.Support;

/// <summary>
/// <c>hold-writer DIR</c>: opens the index for writing, commits three documents, prints <c>holding</c> and keeps the index
/// open until its standard input closes (or it is killed).
/// </summary>
internal static class LockHolder
{
    public static async Task<int> RunAsync(string directory)
    {
        await using var index = await Docs.OpenAsync(directory);
        await index.UpsertAsync([CrashWriter.Document(0), CrashWriter.Document(1), CrashWriter.Document(2)]);
        await index.CommitAsync();
        await Console.Out.WriteLineAsync("holding");
        await Console.Out.FlushAsync();
        await Console.In.ReadToEndAsync();
        return 0;
    }
}
