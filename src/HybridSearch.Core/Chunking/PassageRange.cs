namespace HybridSearch.Chunking;

/// <summary>A passage as a character range of the text it was cut from.</summary>
/// <param name="Start">Index of the passage's first character.</param>
/// <param name="Length">Number of characters.</param>
public readonly record struct PassageRange(int Start, int Length)
{
    /// <summary>Index one past the passage's last character.</summary>
    public int End => Start + Length;
}
