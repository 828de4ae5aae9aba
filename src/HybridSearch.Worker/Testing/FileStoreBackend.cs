using System.Security.Cryptography;
using System.Text.Json;
using HybridSearch.Encoding;
using HybridSearch.Search;

namespace HybridSearch.Worker.Testing;

/// <summary>
/// TEST AID, not an index (selected with <c>HybridSearch:Index:Kind=fake-files</c>): stores each document as one JSON file
/// named by the hash of its id, replaced atomically (write, rename), so writes are upserts by id and survive a killed
/// process. Only the writing half of <see cref="ISearchBackend"/> is implemented; tests read the files back.
/// </summary>
internal sealed class FileStoreBackend : ISearchBackend
{
    private readonly string _root;

    public FileStoreBackend(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new IndexDescription(null, Directory.GetFiles(_root, "*.json").Length, 0));

    public Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task UpsertAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var document in documents)
        {
            var record = new StoredDocument(
                document.Document.Id, document.Document.Title, document.Document.Text, document.ContentHash,
                [.. document.Passages.Select(p => p.Vector)]);
            var path = Path.Combine(_root, FileName(document.Document.Id));
            var temporary = path + ".tmp";
            await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(record), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
    }

    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            File.Delete(Path.Combine(_root, FileName(id)));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(KeywordQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The fake-files test store cannot search.");

    public Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(VectorQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The fake-files test store cannot search.");

    public Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(
        IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The fake-files test store cannot search.");

    public Task<SearchResults> SearchAsync(
        SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The fake-files test store cannot search.");

    private static string FileName(string id) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id))) + ".json";
}
