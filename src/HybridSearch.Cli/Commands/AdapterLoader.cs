using HybridSearch.Adapters;
using HybridSearch.Encoders;

namespace HybridSearch.Cli.Commands;

/// <summary>Loads a query adapter file for a document encoder, turning format and identity errors into one line.</summary>
internal static class AdapterLoader
{
    public static async Task<QueryAdapter> LoadAsync(string path, EncoderIdentity documentEncoder, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"--adapter '{path}': file not found");
        }

        try
        {
            return await QueryAdapterFile.LoadAsync(path, documentEncoder, cancellationToken);
        }
        catch (Exception e) when (e is QueryAdapterFormatException or IncompatibleAdapterException)
        {
            throw new CliException(e.Message);
        }
    }
}
