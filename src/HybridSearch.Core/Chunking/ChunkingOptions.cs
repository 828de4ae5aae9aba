namespace HybridSearch.Chunking;

/// <summary>How documents are split into passages for the document encoder.</summary>
public sealed class ChunkingOptions
{
    /// <summary>Default <see cref="Overlap"/>, in model tokens.</summary>
    public const int DefaultOverlap = 32;

    /// <summary>Default <see cref="SentenceSearchFraction"/>.</summary>
    public const double DefaultSentenceSearchFraction = 0.25;

    /// <summary>Model tokens taken by <c>[CLS]</c> and <c>[SEP]</c>, which every encoded passage carries.</summary>
    public const int SpecialTokens = 2;

    /// <summary>Passages (the default) or one truncated passage per document.</summary>
    public ChunkingMode Mode { get; set; } = ChunkingMode.Passages;

    /// <summary>
    /// Longest passage in model tokens; null means the encoder's limit less <see cref="SpecialTokens"/> (and less its
    /// document prefix, if it has one), so that no passage is ever truncated by the encoder.
    /// </summary>
    public int? MaxTokens { get; set; }

    /// <summary>Tokens shared by consecutive passages, so a sentence cut by one window is whole in the next.</summary>
    public int Overlap { get; set; } = DefaultOverlap;

    /// <summary>Prefer to end a window at a sentence boundary (<c>.</c>, <c>!</c>, <c>?</c> before whitespace, or a newline).</summary>
    public bool SentenceAware { get; set; } = true;

    /// <summary>
    /// The last fraction of a window in which a sentence boundary is looked for; a window never gets shorter than
    /// (1 − fraction) × <see cref="MaxTokens"/> for the sake of a sentence.
    /// </summary>
    public double SentenceSearchFraction { get; set; } = DefaultSentenceSearchFraction;

    /// <summary>
    /// The <see cref="ChunkingSetting"/> of these options: what an index records and each document's content hash includes.
    /// </summary>
    /// <param name="maxTokens">The passage limit in effect (<see cref="MaxTokens"/> or the encoder's).</param>
    public string Signature(int maxTokens) => ChunkingSetting.Format(this, maxTokens);
}
