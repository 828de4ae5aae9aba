using System.CommandLine;
using HybridSearch.Onnx;

namespace HybridSearch.Cli.Commands;

/// <summary>The encoder flags shared by <c>embed</c> and <c>bench encode</c>.</summary>
internal sealed class EncoderOptions
{
    public Option<string> Model { get; } = new("--model")
    {
        Description = $"packaged model ({string.Join(", ", OnnxEncoders.PackagedModels)}) or a folder with model.onnx, vocab.txt and hybridsearch-model.json",
        Required = true,
    };

    public Option<int> BatchSize { get; } = new("--batch-size")
    {
        Description = "texts per model run (texts are sorted by length first)",
        DefaultValueFactory = _ => OnnxEncoderOptions.DefaultBatchSize,
    };

    public Option<int?> Threads { get; } = new("--threads")
    {
        Description = "ONNX Runtime intra-op threads (default: one per core)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(BatchSize);
        command.Options.Add(Threads);
    }

    public OnnxEncoderOptions Read(ParseResult result)
    {
        var batchSize = result.GetValue(BatchSize);
        if (batchSize < 1)
        {
            throw new CliException($"--batch-size must be at least 1, not {batchSize}");
        }

        var threads = result.GetValue(Threads) ?? Environment.ProcessorCount;
        if (threads < 1)
        {
            throw new CliException($"--threads must be at least 1, not {threads}");
        }

        return new OnnxEncoderOptions { BatchSize = batchSize, IntraOpThreads = threads };
    }
}
