using System.CommandLine;
using System.Diagnostics;
using System.Numerics.Tensors;
using HybridSearch.Encoders;
using HybridSearch.Onnx;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// <c>embed --model M --kind query|document --input F --output G [--query Q [--k N]]</c>: encodes JSONL texts into
/// JSONL vectors in input order, the output written atomically. With <c>--query</c> it also prints the texts nearest to
/// that query (encoded as a query, with the model's query prefix).
/// </summary>
internal static class EmbedCommand
{
    // Texts encoded per call: bounds memory on big files while leaving the encoder whole batches to sort.
    private const int ChunkSize = 1024;

    internal static Command Create()
    {
        var encoderOptions = new EncoderOptions();
        var kind = new Option<string>("--kind") { Description = "encode the texts as query or document", Required = true };
        kind.AcceptOnlyFromAmong("query", "document");
        var input = new Option<string>("--input") { Description = "JSONL, one {\"id\",\"text\",\"title\"?} a line", Required = true };
        var output = new Option<string?>("--output") { Description = "JSONL {\"id\",\"vector\"} in input order (required unless --query)" };
        var query = new Option<string?>("--query") { Description = "print the texts nearest to this query" };
        var k = new Option<int>("--k") { Description = "neighbours to print with --query", DefaultValueFactory = _ => 5 };

        var command = new Command("embed", "encode texts into vectors with an ONNX model");
        encoderOptions.AddTo(command);
        command.Options.Add(kind);
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(query);
        command.Options.Add(k);
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            var outputPath = result.GetValue(output);
            var queryText = result.GetValue(query);
            if (outputPath is null && queryText is null)
            {
                throw new CliException("embed needs --output (or --query to only print neighbours)");
            }

            var neighbours = result.GetValue(k);
            if (neighbours < 1)
            {
                throw new CliException($"--k must be at least 1, not {neighbours}");
            }

            var request = new EmbedRequest(
                result.GetValue(encoderOptions.Model)!, result.GetValue(kind) == "query", result.GetValue(input)!, outputPath, queryText, neighbours);
            await RunAsync(request, encoderOptions.Read(result), cancellationToken);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(EmbedRequest request, OnnxEncoderOptions options, CancellationToken cancellationToken)
    {
        var records = await TextRecordReader.ReadAsync(request.Input, int.MaxValue, cancellationToken);
        var watch = Stopwatch.StartNew();
        using var encoder = EncoderLoader.LoadModel(request.Model, options);
        var dual = OnnxDualEncoders.Create(encoder);
        var textEncoder = request.AsQueries ? dual.QueryEncoder : dual.DocumentEncoder;
        var queryVector = request.Query is null ? null : await dual.EncodeQueryAsync(request.Query, cancellationToken);
        var nearest = new NearestTexts(request.Neighbours);

        using var writer = request.Output is null ? null : VectorFileWriter.Create(request.Output);
        var dimensions = encoder.Identity.Dimensions;
        var matrix = new float[Math.Min(ChunkSize, records.Count) * dimensions];
        for (var start = 0; start < records.Count; start += ChunkSize)
        {
            var chunk = records.GetRange(start, Math.Min(ChunkSize, records.Count - start));
            var texts = chunk.ConvertAll(r => r.Text);
            await textEncoder.EncodeAsync(texts, matrix, cancellationToken);
            for (var i = 0; i < chunk.Count; i++)
            {
                var vector = matrix.AsSpan(i * dimensions, dimensions);
                writer?.Write(chunk[i].RawId, vector);
                if (queryVector is not null)
                {
                    nearest.Offer(TensorPrimitives.Dot(queryVector, vector), chunk[i]);
                }
            }
        }

        writer?.Commit();
        await Console.Error.WriteLineAsync(
            $"embedded {records.Count} texts as {(request.AsQueries ? "queries" : "documents")} with {encoder.Identity} " +
            $"in {watch.Elapsed.TotalSeconds:F1} s{(request.Output is null ? "" : $" -> {request.Output}")}");
        if (queryVector is not null)
        {
            Console.WriteLine($"nearest to \"{request.Query}\" ({encoder.Identity.Model}, cosine):");
            var rank = 0;
            foreach (var (score, record) in nearest.Ranked())
            {
                Console.WriteLine($"{++rank,3}  {score:F4}  {record.RawId}  {Snippet(record.Text)}");
            }
        }
    }

    private static string Snippet(string text)
    {
        var oneLine = string.Join(' ', text.Split((char[]?)null, 40, StringSplitOptions.RemoveEmptyEntries));
        var printable = new string([.. oneLine.Where(c => !char.IsControl(c))]);
        return printable.Length <= 100 ? printable : string.Concat(printable.AsSpan(0, 97), "...");
    }

    private sealed record EmbedRequest(string Model, bool AsQueries, string Input, string? Output, string? Query, int Neighbours);
}
