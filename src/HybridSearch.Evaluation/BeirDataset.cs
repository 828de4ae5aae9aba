using System.Security.Cryptography;
using HybridSearch.Search;

namespace HybridSearch.Evaluation;

/// <summary>
/// A BEIR-layout dataset for one split: its queries (only those judged in the split's qrels, in qrels order, as BEIR's
/// loader does), the judgements, and the corpus, which is streamed rather than held.
/// </summary>
public sealed class BeirDataset
{
    private BeirDataset(
        string directory, string split, IReadOnlyList<BeirQuery> queries, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> qrels)
    {
        Directory = directory;
        Split = split;
        Queries = queries;
        Qrels = qrels;
    }

    /// <summary>The dataset folder.</summary>
    public string Directory { get; }

    /// <summary>The split (<c>train</c>, <c>dev</c>, <c>test</c>).</summary>
    public string Split { get; }

    /// <summary>Path of <c>corpus.jsonl</c>.</summary>
    public string CorpusPath => Path.Combine(Directory, "corpus.jsonl");

    /// <summary>The queries judged in this split.</summary>
    public IReadOnlyList<BeirQuery> Queries { get; }

    /// <summary>Query id → (document id → relevance) for this split.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Qrels { get; }

    /// <summary>Loads the queries and judgements of <paramref name="split"/> from <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">A file of the layout is missing.</exception>
    /// <exception cref="BeirFormatException">A file is malformed, or the qrels judge a query that queries.jsonl lacks.</exception>
    public static async Task<BeirDataset> LoadAsync(string directory, string split, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(split);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: dataset folder not found.");
        }

        var corpus = Path.Combine(directory, "corpus.jsonl");
        if (!File.Exists(corpus))
        {
            throw new FileNotFoundException($"{corpus}: file not found.", corpus);
        }

        var qrelsPath = Path.Combine(directory, "qrels", split + ".tsv");
        var qrels = await BeirReader.ReadQrelsAsync(qrelsPath, cancellationToken).ConfigureAwait(false);
        var queriesPath = Path.Combine(directory, "queries.jsonl");
        var all = await BeirReader.ReadQueriesAsync(queriesPath, cancellationToken).ConfigureAwait(false);
        var byId = new Dictionary<string, BeirQuery>(all.Count, StringComparer.Ordinal);
        foreach (var query in all)
        {
            byId[query.Id] = query;
        }

        var queries = new List<BeirQuery>(qrels.Count);
        foreach (var id in qrels.Keys)
        {
            if (!byId.TryGetValue(id, out var query))
            {
                throw new BeirFormatException(qrelsPath, LineOf(qrelsPath, id), $"query '{id}' is judged but {queriesPath} has no such _id.");
            }

            queries.Add(query);
        }

        return new BeirDataset(directory, split, queries, qrels);
    }

    /// <summary>Streams the corpus in file order (see <see cref="BeirReader.ReadCorpusAsync"/>).</summary>
    public IAsyncEnumerable<SearchDocument> ReadCorpusAsync(CancellationToken cancellationToken = default) =>
        BeirReader.ReadCorpusAsync(CorpusPath, cancellationToken);

    /// <summary>Lower-case hex SHA-256 of <c>corpus.jsonl</c>'s bytes: a cache key for the corpus's embeddings.</summary>
    public async Task<string> ComputeCorpusSha256Async(CancellationToken cancellationToken = default)
    {
        var stream = File.OpenRead(CorpusPath);
        await using (stream.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash);
        }
    }

    private static long LineOf(string path, string queryId)
    {
        // Only on the error path: find the first line that judges the query, for the message.
        long number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.StartsWith(queryId + "\t", StringComparison.Ordinal))
            {
                return number;
            }
        }

        return 1;
    }
}
