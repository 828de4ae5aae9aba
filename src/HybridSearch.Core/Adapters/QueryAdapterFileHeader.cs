using HybridSearch.Encoders;

namespace HybridSearch.Adapters;

/// <summary>The JSON header of an adapter file (see <see cref="QueryAdapterFile"/>).</summary>
internal sealed record QueryAdapterFileHeader(
    QueryAdapterKind Kind, int Dimensions, int Rank, EncoderIdentity DocumentEncoder, AdapterTrainingInfo? Training);
