namespace HybridSearch.Search;

/// <summary>Settings of hybrid fusion. Defaults were chosen on SciFact's train split.</summary>
public sealed record FusionOptions
{
    /// <summary>Default <see cref="RankConstant"/>.</summary>
    public const int DefaultRankConstant = 60;

    /// <summary>Default <see cref="Alpha"/>.</summary>
    public const double DefaultAlpha = 0.5;

    /// <summary>Default <see cref="Window"/>.</summary>
    public const int DefaultWindow = 100;

    /// <summary>The method; linear with min-max normalisation unless set.</summary>
    public FusionMethod Method { get; init; } = FusionMethod.Linear;

    /// <summary>RRF constant k in 1 / (k + rank).</summary>
    public int RankConstant { get; init; } = DefaultRankConstant;

    /// <summary>How many results of each list take part in fusion.</summary>
    public int Window { get; init; } = DefaultWindow;

    /// <summary>Linear fusion: weight of the semantic score (keyword gets 1 − alpha).</summary>
    public double Alpha { get; init; } = DefaultAlpha;

    /// <summary>Linear fusion: how each list's scores are normalised.</summary>
    public ScoreNormalization Normalization { get; init; } = ScoreNormalization.MinMax;

    /// <summary>The defaults.</summary>
    public static FusionOptions Default { get; } = new();
}
