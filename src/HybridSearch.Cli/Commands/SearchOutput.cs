using System.Globalization;
using System.Text.Json;
using HybridSearch.Search;
using Spectre.Console;

namespace HybridSearch.Cli.Commands;

/// <summary>Prints search hits as a table or as the JSON of the command-line contract.</summary>
internal static class SearchOutput
{
    private const int SnippetLength = 100;

    /// <summary><c>{"hits":[{"id","score","keyword":{"score","rank"}|null,"semantic":{…}|null,"title","passage","metadata"}]}</c>.</summary>
    public static void WriteJson(SearchResults results)
    {
        // Through Console.Out, so that whoever redirects the console (tests, hosts) gets the output.
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("hits");
            foreach (var hit in results.Hits)
            {
                writer.WriteStartObject();
                writer.WriteString("id", hit.Id);
                writer.WriteNumber("score", hit.Score);
                WriteComponent(writer, "keyword", hit.Keyword);
                WriteComponent(writer, "semantic", hit.Semantic);
                writer.WriteString("title", hit.Title);
                writer.WriteString("passage", hit.Passage);
                writer.WriteStartObject("metadata");
                foreach (var (name, value) in hit.Metadata)
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    public static void WriteTable(SearchResults results)
    {
        if (results.Hits.Count == 0)
        {
            Console.WriteLine("No hits.");
            return;
        }

        var table = new Table().AddColumns("#", "id", "score", "keyword (rank)", "semantic (rank)", "title / passage");
        for (var i = 0; i < results.Hits.Count; i++)
        {
            var hit = results.Hits[i];
            var text = string.IsNullOrEmpty(hit.Title) ? Snippet(hit.Passage) : $"{hit.Title}\n{Snippet(hit.Passage)}";
            table.AddRow(
                new Text((i + 1).ToString(CultureInfo.InvariantCulture)),
                new Text(hit.Id),
                new Text(hit.Score.ToString("0.0000", CultureInfo.InvariantCulture)),
                new Text(Component(hit.Keyword)),
                new Text(Component(hit.Semantic)),
                new Text(text));
        }

        AnsiConsole.Write(table);
    }

    private static void WriteComponent(Utf8JsonWriter writer, string name, ComponentScore? component)
    {
        if (component is not { } value)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteNumber("score", value.Score);
        writer.WriteNumber("rank", value.Rank);
        writer.WriteEndObject();
    }

    private static string Component(ComponentScore? component) =>
        component is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value.Score:0.0000} ({value.Rank})") : "-";

    private static string Snippet(string? passage)
    {
        if (string.IsNullOrEmpty(passage))
        {
            return string.Empty;
        }

        var flat = passage.ReplaceLineEndings(" ");
        return flat.Length <= SnippetLength ? flat : string.Concat(flat.AsSpan(0, SnippetLength), "…");
    }
}
