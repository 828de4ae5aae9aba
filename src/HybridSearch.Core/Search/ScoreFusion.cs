namespace HybridSearch.Search;

/// <summary>
/// Combines a keyword list and a semantic list into one ranking: reciprocal rank fusion or a linear combination of
/// normalised scores. Each input list is taken in its given order (rank 1 first) and cut to the fusion window.
/// </summary>
public static class ScoreFusion
{
    /// <summary>
    /// Fuses the two lists and returns the best <paramref name="k"/> hits. Each list takes part with its first
    /// <c>max(Window, k)</c> documents (a window smaller than k could not fill the page); a document listed twice in one
    /// list counts once, at its better rank.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="k"/> or the window is not positive, the rank constant is negative, or alpha is outside [0, 1].
    /// </exception>
    public static IReadOnlyList<SearchHit> Fuse(
        IReadOnlyList<RetrievedDocument> keyword, IReadOnlyList<RetrievedDocument> semantic, FusionOptions options, int k)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        ArgumentNullException.ThrowIfNull(semantic);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        Validate(options);

        var window = Math.Max(options.Window, k);
        var keywordCount = Math.Min(keyword.Count, window);
        var semanticCount = Math.Min(semantic.Count, window);
        var entries = new Dictionary<string, FusedEntry>(keywordCount + semanticCount, StringComparer.Ordinal);
        Span<double> keywordScores = keywordCount <= 512 ? stackalloc double[keywordCount] : new double[keywordCount];
        Span<double> semanticScores = semanticCount <= 512 ? stackalloc double[semanticCount] : new double[semanticCount];
        var keywordFloor = Contributions(keyword, keywordCount, options, keywordScores);
        var semanticFloor = Contributions(semantic, semanticCount, options, semanticScores);

        for (var i = 0; i < keywordCount; i++)
        {
            ref var entry = ref GetEntry(entries, keyword[i]);
            if (entry.Keyword is null)
            {
                entry.Keyword = new ComponentScore(keyword[i].Score, i + 1);
                entry.KeywordPart = keywordScores[i];
            }
        }

        for (var i = 0; i < semanticCount; i++)
        {
            ref var entry = ref GetEntry(entries, semantic[i]);
            if (entry.Semantic is null)
            {
                entry.Semantic = new ComponentScore(semantic[i].Score, i + 1);
                entry.SemanticPart = semanticScores[i];
                entry.SemanticDocument = semantic[i];
            }
        }

        var fused = new List<(double Score, int Order, FusedEntry Entry)>(entries.Count);
        foreach (var entry in entries.Values)
        {
            double score;
            if (options.Method == FusionMethod.ReciprocalRank)
            {
                score = (entry.Keyword is null ? 0 : entry.KeywordPart) + (entry.Semantic is null ? 0 : entry.SemanticPart);
            }
            else
            {
                // A document one list did not return scores that list's floor: at most the worst it did return.
                var keywordPart = entry.Keyword is null ? keywordFloor : entry.KeywordPart;
                var semanticPart = entry.Semantic is null ? semanticFloor : entry.SemanticPart;
                score = (options.Alpha * semanticPart) + ((1 - options.Alpha) * keywordPart);
            }

            fused.Add((score, entry.Order, entry));
        }

        // Ties: the document seen first (keyword list, then semantic) wins, so the order is deterministic.
        fused.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Order.CompareTo(b.Order));
        var hits = new List<SearchHit>(Math.Min(k, fused.Count));
        for (var i = 0; i < fused.Count && i < k; i++)
        {
            var entry = fused[i].Entry;
            hits.Add(ToHit(entry.SemanticDocument ?? entry.Document, fused[i].Score, entry.Keyword, entry.Semantic, entry.Document));
        }

        return hits;
    }

    internal static void Validate(FusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Window, "options.Window");
        ArgumentOutOfRangeException.ThrowIfNegative(options.RankConstant, "options.RankConstant");
        if (!(options.Alpha is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException("options.Alpha", options.Alpha, "Alpha, the semantic weight, must lie in [0, 1].");
        }
    }

    internal static SearchHit ToHit(
        RetrievedDocument document, double score, ComponentScore? keyword, ComponentScore? semantic, RetrievedDocument? fallback) => new()
        {
            Id = document.Id,
            Score = score,
            Keyword = keyword,
            Semantic = semantic,
            Title = document.Title ?? fallback?.Title,
            Passage = document.Passage ?? fallback?.Passage,
            Metadata = document.Metadata ?? fallback?.Metadata ?? new Dictionary<string, string>(),
        };

    /// <summary>Per-rank contributions of one list; returns the value a document missing from the list gets.</summary>
    private static double Contributions(IReadOnlyList<RetrievedDocument> list, int count, FusionOptions options, Span<double> parts)
    {
        if (count == 0)
        {
            return 0;
        }

        if (options.Method == FusionMethod.ReciprocalRank)
        {
            for (var i = 0; i < count; i++)
            {
                parts[i] = 1.0 / (options.RankConstant + i + 1);
            }

            return 0;
        }

        for (var i = 0; i < count; i++)
        {
            parts[i] = list[i].Score;
        }

        return options.Normalization == ScoreNormalization.MinMax ? MinMax(parts) : ZScore(parts);
    }

    private static double MinMax(Span<double> scores)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var s in scores)
        {
            min = Math.Min(min, s);
            max = Math.Max(max, s);
        }

        var range = max - min;
        for (var i = 0; i < scores.Length; i++)
        {
            // A list whose scores are all equal carries no preference: every member gets 1 (found), missing ones 0.
            scores[i] = range > 0 ? (scores[i] - min) / range : 1;
        }

        return 0;
    }

    private static double ZScore(Span<double> scores)
    {
        double sum = 0;
        foreach (var s in scores)
        {
            sum += s;
        }

        var mean = sum / scores.Length;
        double squares = 0;
        foreach (var s in scores)
        {
            squares += (s - mean) * (s - mean);
        }

        var deviation = Math.Sqrt(squares / scores.Length);
        var floor = double.PositiveInfinity;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = deviation > 0 ? (scores[i] - mean) / deviation : 0;
            floor = Math.Min(floor, scores[i]);
        }

        return floor;
    }

    private static ref FusedEntry GetEntry(Dictionary<string, FusedEntry> entries, RetrievedDocument document)
    {
        ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(entries, document.Id, out var exists);
        if (!exists)
        {
            entry.Document = document;
            entry.Order = entries.Count - 1;
        }

        return ref entry;
    }

    private struct FusedEntry
    {
        public RetrievedDocument Document;
        public RetrievedDocument? SemanticDocument;
        public ComponentScore? Keyword;
        public ComponentScore? Semantic;
        public double KeywordPart;
        public double SemanticPart;

        // Position of first appearance (keyword list, then semantic): the tie-break, independent of dictionary order.
        public int Order;
    }
}
