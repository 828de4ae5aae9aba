namespace HybridSearch.Adapters;

/// <summary>The shape of a <see cref="QueryAdapter"/>'s linear map.</summary>
public enum QueryAdapterKind
{
    /// <summary>A full d×d matrix <c>W</c>, initialised to the identity: <c>x ↦ W·x</c>.</summary>
    Full,

    /// <summary>The identity plus a rank-r correction: <c>x ↦ x + U·(Vᵀ·x)</c>, with <c>U</c> initialised to zero.</summary>
    LowRank,
}
