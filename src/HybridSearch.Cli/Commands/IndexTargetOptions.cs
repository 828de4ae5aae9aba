using System.CommandLine;
using HybridSearch.Elasticsearch;
using HybridSearch.Embedded;
using HybridSearch.Search;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// The index a command works on: <c>--index DIR</c> (the embedded default) or <c>--elasticsearch URL --index-name NAME</c>,
/// as DESIGN.md's command-line contract promises for every command that takes an index.
/// </summary>
internal sealed class IndexTargetOptions
{
    private IndexTargetOptions(Command command, string indexDescription)
    {
        Index = new Option<string?>("--index") { Description = indexDescription };
        Elasticsearch = new Option<string?>("--elasticsearch") { Description = "Elasticsearch URL (instead of --index), e.g. http://localhost:9200" };
        IndexName = new Option<string?>("--index-name") { Description = "Elasticsearch index (alias) name, with --elasticsearch" };
        command.Options.Add(Index);
        command.Options.Add(Elasticsearch);
        command.Options.Add(IndexName);
    }

    public Option<string?> Index { get; }

    public Option<string?> Elasticsearch { get; }

    public Option<string?> IndexName { get; }

    public static IndexTargetOptions AddTo(Command command, string indexDescription) => new(command, indexDescription);

    /// <summary>
    /// The chosen target, validated: an embedded index directory, or an Elasticsearch URL with an index name (exactly one
    /// of the two).
    /// </summary>
    public (string? Directory, Uri? Url, string? IndexName) Resolve(ParseResult result)
    {
        var directory = result.GetValue(Index);
        var urlText = result.GetValue(Elasticsearch);
        Uri? url = null;
        if (urlText is not null && (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
        {
            throw new CliException($"--elasticsearch '{urlText}' is not an http(s) URL");
        }

        var name = result.GetValue(IndexName);
        if (directory is not null == url is not null)
        {
            throw new CliException("Give either --index DIR or --elasticsearch URL --index-name NAME");
        }

        if (url is not null && string.IsNullOrWhiteSpace(name))
        {
            throw new CliException("--elasticsearch needs --index-name NAME");
        }

        return (directory, url, url is null ? null : name);
    }

    /// <summary>Opens the chosen existing index for searching; the caller disposes the result.</summary>
    public async Task<OpenedIndex> OpenExistingAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var (directory, url, name) = Resolve(result);
        if (directory is not null)
        {
            var index = await SearchCommand.OpenExistingAsync(directory, cancellationToken);
            return new OpenedIndex(index, directory, index.Chunking, index);
        }

        var backend = ElasticsearchBackend.Create(new ElasticsearchBackendOptions { Url = url, IndexName = name! });
        return new OpenedIndex(backend, $"{url} index '{name}'", null, backend);
    }

    /// <summary>An open backend and what disposes it.</summary>
    /// <param name="Backend">The index.</param>
    /// <param name="Label">How messages name it.</param>
    /// <param name="Chunking">Recorded passage settings, where the backend records them.</param>
    /// <param name="Owner">Disposed with this object.</param>
    internal sealed record OpenedIndex(ISearchBackend Backend, string Label, string? Chunking, IDisposable Owner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            if (Owner is IAsyncDisposable asyncDisposable)
            {
                return asyncDisposable.DisposeAsync();
            }

            Owner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
