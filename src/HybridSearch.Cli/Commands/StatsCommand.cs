using System.CommandLine;
using System.Text.Json;
using HybridSearch.Embedded;

namespace HybridSearch.Cli.Commands;

/// <summary><c>stats --index DIR [--json]</c>: documents, passages and the encoder of an embedded index.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var index = new Option<string>("--index") { Description = "Embedded index directory", Required = true };
        var json = new Option<bool>("--json") { Description = "Print {\"documents\",\"passages\",\"model\",\"dimensions\"} as JSON" };
        var command = new Command("stats", "Show what an embedded index holds");
        command.Options.Add(index);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(index)!, result.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string indexPath, bool json, CancellationToken cancellationToken)
    {
        await using var index = await SearchCommand.OpenExistingAsync(indexPath, cancellationToken);
        var description = await index.DescribeAsync(cancellationToken);
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

        Console.WriteLine($"{indexPath}: {description.Documents} documents, {description.Passages} passages, " +
                          (encoder is null ? "no encoder yet" : $"encoder {encoder}") +
                          (index.Chunking is null ? string.Empty : $", chunking {index.Chunking}"));
        return 0;
    }
}
