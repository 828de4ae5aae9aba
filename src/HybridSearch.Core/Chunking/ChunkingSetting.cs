using System.Globalization;

namespace HybridSearch.Chunking;

/// <summary>
/// The one string form of the settings that shape passages: <c>truncate</c>, or
/// <c>passages:MAX:OVERLAP:SENTENCEAWARE:FRACTION</c> (for example <c>passages:254:32:True:0.25</c>). An index records it
/// and every content hash includes it, so it must never change for unchanged settings: a new format would make every
/// stored hash stale.
/// </summary>
public static class ChunkingSetting
{
    /// <summary>The setting of <see cref="ChunkingMode.Truncate"/>, whatever the other options say.</summary>
    public const string Truncate = "truncate";

    private const string PassagesPrefix = "passages:";

    /// <summary>The setting of <paramref name="options"/> with passages of at most <paramref name="maxTokens"/> tokens.</summary>
    public static string Format(ChunkingOptions options, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Mode == ChunkingMode.Truncate
            ? Truncate
            : FormattableString.Invariant(
                $"{PassagesPrefix}{maxTokens}:{options.Overlap}:{options.SentenceAware}:{options.SentenceSearchFraction}");
    }

    /// <summary>The mode a setting names; null when it is neither <c>truncate</c> nor <c>passages:…</c>.</summary>
    public static ChunkingMode? ModeOf(string? setting) =>
        setting switch
        {
            Truncate => ChunkingMode.Truncate,
            not null when setting.StartsWith(PassagesPrefix, StringComparison.Ordinal) => ChunkingMode.Passages,
            _ => null,
        };

    /// <summary>
    /// True when two settings cut passages the same way. Indexes built before this format recorded
    /// <c>passages:MAX:OVERLAP</c>; ingestion then always cut sentence-aware with the default search fraction, so that
    /// form reads as <c>passages:MAX:OVERLAP:True:0.25</c>.
    /// </summary>
    public static bool Matches(string recorded, string current)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(current);
        return string.Equals(Normalize(recorded), Normalize(current), StringComparison.Ordinal);
    }

    private static string Normalize(string setting)
    {
        if (!setting.StartsWith(PassagesPrefix, StringComparison.Ordinal) || setting.AsSpan(PassagesPrefix.Length).Count(':') != 1)
        {
            return setting;
        }

        return string.Create(
            CultureInfo.InvariantCulture, $"{setting}:{true}:{ChunkingOptions.DefaultSentenceSearchFraction}");
    }
}
