namespace HybridSearch.Testing;

/// <summary>A fresh folder under the system temp folder, deleted (as far as possible) on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("hybridsearch-tests-").FullName;

    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside this folder (not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A process under test may still hold a file; a leftover temp folder affects no test and the OS cleans it.
        }
    }
}
