using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using HybridSearch.Encoders;
using HybridSearch.Onnx;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// <c>bench encode --model M --input F [--limit N] [--batch-size B] [--threads T]</c>: document-encoding throughput
/// over the first N texts of F (BEIR corpus <c>{_id,title,text}</c> or our JSONL), title + " " + text. Model load and
/// one warm-up batch are not timed; the timed part is one encoder call over all texts (tokenisation, length sorting,
/// inference, pooling), as an indexer would make it.
/// </summary>
internal static class BenchEncodeCommand
{
    internal static Command Create()
    {
        var encoderOptions = new EncoderOptions();
        var input = new Option<string>("--input") { Description = "JSONL: BEIR corpus {_id,title,text} or {id,text,title?}", Required = true };
        var limit = new Option<int?>("--limit") { Description = "encode only the first N texts" };
        var command = new Command("encode", "document-encoding throughput; prints {\"docs_per_second\",...}");
        encoderOptions.AddTo(command);
        command.Options.Add(input);
        command.Options.Add(limit);
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            var count = result.GetValue(limit) ?? int.MaxValue;
            if (count < 1)
            {
                throw new CliException($"--limit must be at least 1, not {count}");
            }

            var options = encoderOptions.Read(result);
            var records = await TextRecordReader.ReadAsync(result.GetValue(input)!, count, cancellationToken);
            if (records.Count == 0)
            {
                throw new CliException($"input file '{result.GetValue(input)}' holds no texts");
            }

            var model = result.GetValue(encoderOptions.Model)!;
            var line = await MeasureAsync(model, options, records.ConvertAll(r => r.Text), cancellationToken);
            Console.WriteLine(line);
            return 0;
        });
        return command;
    }

    private static async Task<string> MeasureAsync(string model, OnnxEncoderOptions options, List<string> texts, CancellationToken cancellationToken)
    {
        using var encoder = EncoderLoader.LoadModel(model, options);
        var documents = OnnxDualEncoders.Create(encoder).DocumentEncoder;
        var matrix = new float[texts.Count * encoder.Identity.Dimensions];
        await documents.EncodeAsync(texts.GetRange(0, Math.Min(options.BatchSize, texts.Count)), matrix, cancellationToken);

        var tokens = 0L;
        foreach (var text in texts)
        {
            tokens += Math.Min(encoder.Tokenizer.CountTokens(text), encoder.MaxTokens - 2) + 2;
        }

        var watch = Stopwatch.StartNew();
        await documents.EncodeAsync(texts, matrix, cancellationToken);
        var seconds = watch.Elapsed.TotalSeconds;

        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = encoder.Identity.Model,
            ["docs"] = texts.Count,
            ["threads"] = options.IntraOpThreads,
            ["batch_size"] = options.BatchSize,
            ["max_tokens"] = encoder.MaxTokens,
            ["tokens"] = tokens,
            ["seconds"] = Math.Round(seconds, 3),
            ["docs_per_second"] = Math.Round(texts.Count / seconds, 2),
            ["tokens_per_second"] = Math.Round(tokens / seconds, 0),
        });
    }
}
