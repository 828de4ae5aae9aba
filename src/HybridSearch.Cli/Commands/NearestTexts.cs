namespace HybridSearch.Cli.Commands;

/// <summary>The best <c>k</c> texts seen so far by score, ties kept in input order.</summary>
internal sealed class NearestTexts(int k)
{
    private readonly List<(float Score, TextRecord Record)> _best = new(k + 1);

    public void Offer(float score, TextRecord record)
    {
        if (_best.Count == k && score <= _best[^1].Score)
        {
            return;
        }

        var index = _best.Count;
        while (index > 0 && _best[index - 1].Score < score)
        {
            index--;
        }

        _best.Insert(index, (score, record));
        if (_best.Count > k)
        {
            _best.RemoveAt(k);
        }
    }

    public IReadOnlyList<(float Score, TextRecord Record)> Ranked() => _best;
}
