using System.CommandLine;
using HybridSearch.Cli.Ingestion;
using HybridSearch.Embedded;

namespace HybridSearch.Cli.Commands;

/// <summary><c>ingest --input PATH --index DIR [--model M]</c>: index a JSONL file or a folder of .txt/.md files.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input")
        {
            Description = "JSONL file (id or _id, text, optional title, other fields kept as metadata) or a folder of .txt/.md files",
            Required = true,
        };
        var index = new Option<string>("--index") { Description = "Embedded index directory (created when missing)", Required = true };
        var model = new Option<string?>("--model")
        {
            Description = $"Packaged model name or model folder; default: the index's model, or {EncoderLoader.DefaultModel} for a new index",
        };
        var batchSize = new Option<int>("--batch-size") { Description = "Documents encoded per batch", DefaultValueFactory = _ => 64 };
        var command = new Command("ingest", "Index documents into the embedded index; rerunning skips documents already indexed unchanged");
        command.Options.Add(input);
        command.Options.Add(index);
        command.Options.Add(model);
        command.Options.Add(batchSize);
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(input)!, result.GetValue(index)!, result.GetValue(model), result.GetValue(batchSize), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string input, string indexPath, string? model, int batchSize, CancellationToken cancellationToken)
    {
        if (batchSize <= 0)
        {
            throw new CliException($"--batch-size must be positive, got {batchSize}");
        }

        var isFolder = Directory.Exists(input);
        if (!isFolder && !File.Exists(input))
        {
            throw new CliException($"--input '{input}' is neither a file nor a folder");
        }

        var options = new EmbeddedIndexOptions { Chunking = Passages.Setting };
        await using var index = await EmbeddedIndex.OpenAsync(indexPath, options, cancellationToken);
        if (index.Chunking is { } chunking && chunking != Passages.Setting)
        {
            throw new CliException(
                $"Index '{indexPath}' was built with chunking '{chunking}'; this build ingests with '{Passages.Setting}'. Use a new index.");
        }

        var encoder = EncoderLoader.Load(model ?? index.DocumentEncoder?.Model ?? EncoderLoader.DefaultModel);
        var documents = isFolder ? FolderDocuments.ReadAsync(input, cancellationToken) : JsonlDocuments.ReadAsync(input, cancellationToken);
        var ingestion = new EmbeddedIngestion(index, encoder, batchSize)
        {
            Committed = progress => Console.Error.WriteLine(
                $"ingest: {progress.Read} read, {progress.Indexed} indexed, {progress.Unchanged} unchanged (committed)"),
        };
        var summary = await ingestion.RunAsync(documents, cancellationToken);
        var description = await index.DescribeAsync(cancellationToken);
        Console.WriteLine(
            $"Indexed {summary.Indexed} documents ({summary.Passages} passages); {summary.Unchanged} of {summary.Read} were already " +
            $"indexed unchanged. '{indexPath}' holds {description.Documents} documents, {description.Passages} passages.");
        return 0;
    }
}
