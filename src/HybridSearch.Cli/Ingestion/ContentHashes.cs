using System.Security.Cryptography;
using HybridSearch.Search;

namespace HybridSearch.Cli.Ingestion;

/// <summary>
/// The <see cref="EncodedDocument.ContentHash"/> ingestion records: SHA-256 (lower-case hex) of the model weights' hash, a
/// line feed and the encoding text. Equal hashes mean the stored vectors are still right. Metadata is not part of it.
/// </summary>
internal static class ContentHashes
{
    public static string Of(string modelSha256, SearchDocument document)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Concat(modelSha256, "\n", document.EncodingText));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
