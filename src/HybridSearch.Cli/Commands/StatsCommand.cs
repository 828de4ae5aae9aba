using System.CommandLine;
using System.Text.Json;
using HybridSearch.Embedded;

namespace HybridSearch.Cli.Commands;

/// <summary><c>stats --index DIR [--json]</c>: documents, passages and the encoder of an embedded index.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print {\"documents\",\"passages\",\"model\",\"dimensions\"} as JSON" };
        var command = new Command("stats", "Show what an index holds");
        var target = IndexTargetOptions.AddTo(command, "Embedded index directory");
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) => RunAsync(target, result, result.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IndexTargetOptions target, ParseResult parsed, bool json, CancellationToken cancellationToken)
    {
        await using var index = await target.OpenExistingAsync(parsed, cancellationToken);
        var description = await index.Backend.DescribeAsync(cancellationToken);
        var encoder = description.DocumentEncoder;
        if (json)
        {
            using var stream = new MemoryStream();
            using var writer = new Utf8JsonWriter(stream);
            writer.WriteStartObject();
            writer.WriteNumber("documents", description.Documents);
            writer.WriteNumber("passages", description.Passages);
            writer.WriteString("model", encoder?.Model);
            writer.WriteNumber("dimensions", encoder?.Dimensions ?? 0);
            writer.WriteString("sha256", encoder?.Sha256);
            writer.WriteString("chunking", index.Chunking);
            writer.WriteEndObject();
            writer.Flush();
            Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            return 0;
        }

        Console.WriteLine($"{index.Label}: {description.Documents} documents, {description.Passages} passages, " +
                          (encoder is null ? "no encoder yet" : $"encoder {encoder}") +
                          (index.Chunking is null ? string.Empty : $", chunking {index.Chunking}"));
        return 0;
    }
}
