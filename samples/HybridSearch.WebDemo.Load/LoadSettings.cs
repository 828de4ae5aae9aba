using System.Globalization;

namespace HybridSearch.WebDemo.Load;

/// <summary>Command-line settings of a load run.</summary>
internal sealed record LoadSettings(Uri Url, string QueriesPath, int Clients, int Seconds, string Mode, int K)
{
    public static LoadSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value' pairs; got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Get(string name, string? fallback = null) =>
            values.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required.");

        int GetInt(string name, int fallback, int min, int max)
        {
            var text = Get(name, fallback.ToString(CultureInfo.InvariantCulture));
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new ArgumentException($"--{name} must be a whole number from {min} to {max}; it is '{text}'.");
        }

        var queries = Get("queries");
        if (!File.Exists(queries))
        {
            throw new ArgumentException($"--queries: '{queries}' does not exist.");
        }

        return new LoadSettings(
            new Uri(Get("url")), queries, GetInt("clients", 32, 1, 1024), GetInt("seconds", 30, 1, 3600), Get("mode", "hybrid"),
            GetInt("k", 10, 1, 100));
    }
}
