using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using HybridSearch.Encoders;

namespace HybridSearch.Adapters;

/// <summary>
/// A learned linear map applied to query vectors before they are compared with document vectors, the output renormalised
/// to unit length. Only the query side changes, so an index built by <see cref="DocumentEncoder"/> is used as it is.
/// Immutable and safe for concurrent callers.
/// </summary>
/// <remarks>
/// Parameters are float32, row-major. <see cref="QueryAdapterKind.Full"/>: <c>W</c>, d×d. <see cref="QueryAdapterKind.LowRank"/>:
/// <c>U</c> then <c>V</c>, each stored as r rows of d (row k is column k of the d×r matrix), so the map is
/// <c>x + Σₖ (Vₖ·x) Uₖ</c>. Because the map is linear, applying it to a unit vector and renormalising gives the same
/// direction as applying it to the pooled vector before normalisation.
/// </remarks>
public sealed class QueryAdapter
{
    private readonly float[] _parameters;
    private string? _contentSha256;

    // Takes ownership of parameters: callers pass an array nobody else holds (Create copies; the file reader allocates).
    internal QueryAdapter(
        QueryAdapterKind kind, int dimensions, int rank, float[] parameters, EncoderIdentity documentEncoder,
        AdapterTrainingInfo? training, string? source = null)
    {
        if (parameters.Length != ParameterCount(kind, dimensions, rank))
        {
            throw new ArgumentException(
                $"A {kind} adapter of {dimensions} dimensions and rank {rank} has {ParameterCount(kind, dimensions, rank)} " +
                $"parameters, not {parameters.Length}.",
                nameof(parameters));
        }

        Kind = kind;
        Dimensions = dimensions;
        Rank = rank;
        _parameters = parameters;
        DocumentEncoder = documentEncoder;
        Training = training;
        Source = source;
    }

    /// <summary>
    /// An adapter with the given shape and parameters (copied), for <paramref name="documentEncoder"/>'s index: what a
    /// trainer produces. The parameter layout is described on the class.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The shape is invalid (see <see cref="ValidateShape"/>).</exception>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> does not hold <see cref="ParameterCount"/> values.</exception>
    public static QueryAdapter Create(
        QueryAdapterKind kind,
        int dimensions,
        int rank,
        ReadOnlySpan<float> parameters,
        EncoderIdentity documentEncoder,
        AdapterTrainingInfo? training = null)
    {
        ArgumentNullException.ThrowIfNull(documentEncoder);
        ValidateShape(kind, dimensions, rank);
        return new QueryAdapter(kind, dimensions, rank, parameters.ToArray(), documentEncoder, training);
    }

    /// <summary>Full matrix or low-rank correction.</summary>
    public QueryAdapterKind Kind { get; }

    /// <summary>Vector size, equal to the document encoder's.</summary>
    public int Dimensions { get; }

    /// <summary>Rank of the correction (0 for <see cref="QueryAdapterKind.Full"/>).</summary>
    public int Rank { get; }

    /// <summary>The document encoder whose vector space this adapter was trained against.</summary>
    public EncoderIdentity DocumentEncoder { get; }

    /// <summary>How the adapter was trained (settings and metrics), or null for one built by hand.</summary>
    public AdapterTrainingInfo? Training { get; }

    /// <summary>File the adapter was loaded from, or null; used in error messages.</summary>
    public string? Source { get; }

    /// <summary>The parameters in the layout described in the remarks.</summary>
    public ReadOnlyMemory<float> Parameters => _parameters;

    /// <summary>Lower-case hex SHA-256 of the kind, shape and parameter bytes: two adapters that map alike hash alike.</summary>
    public string ContentSha256 => _contentSha256 ??= ComputeContentSha256();

    /// <summary>An adapter that leaves every vector unchanged, the starting point of training.</summary>
    public static QueryAdapter CreateIdentity(EncoderIdentity documentEncoder, QueryAdapterKind kind = QueryAdapterKind.Full, int rank = 0)
    {
        ArgumentNullException.ThrowIfNull(documentEncoder);
        ValidateShape(kind, documentEncoder.Dimensions, rank);
        var parameters = new float[ParameterCount(kind, documentEncoder.Dimensions, rank)];
        if (kind == QueryAdapterKind.Full)
        {
            for (var i = 0; i < documentEncoder.Dimensions; i++)
            {
                parameters[(i * documentEncoder.Dimensions) + i] = 1f;
            }
        }

        return new QueryAdapter(kind, documentEncoder.Dimensions, rank, parameters, documentEncoder, training: null);
    }

    /// <summary>Throws unless this adapter was trained for <paramref name="documentEncoder"/> (same weights and dimensions).</summary>
    /// <exception cref="IncompatibleAdapterException">It was trained for another encoder; the message names both and the file.</exception>
    public void EnsureCompatibleWith(EncoderIdentity documentEncoder)
    {
        ArgumentNullException.ThrowIfNull(documentEncoder);
        if (!DocumentEncoder.IsCompatibleWith(documentEncoder))
        {
            throw new IncompatibleAdapterException(Source ?? "(in memory)", documentEncoder, DocumentEncoder);
        }
    }

    /// <summary>
    /// Writes the adapted, unit-length vector of <paramref name="query"/> into <paramref name="destination"/> (which may be
    /// the same memory). A map that sends the query to zero leaves zeros.
    /// </summary>
    public void Apply(ReadOnlySpan<float> query, Span<float> destination)
    {
        if (query.Length != Dimensions || destination.Length < Dimensions)
        {
            throw new ArgumentException(
                $"The adapter maps vectors of {Dimensions} dimensions; got {query.Length} in, room for {destination.Length} out.");
        }

        var buffer = ArrayPool<float>.Shared.Rent(Dimensions + Rank);
        try
        {
            ApplyCore(query, destination[..Dimensions], buffer.AsSpan(0, Dimensions + Rank));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Adapts every row of a row-major matrix (rows × <see cref="Dimensions"/>) in place.</summary>
    public void ApplyToRows(Span<float> matrix)
    {
        if (matrix.Length % Dimensions != 0)
        {
            throw new ArgumentException($"The matrix length {matrix.Length} is not a multiple of {Dimensions} dimensions.", nameof(matrix));
        }

        var buffer = ArrayPool<float>.Shared.Rent(Dimensions + Rank);
        try
        {
            for (var offset = 0; offset < matrix.Length; offset += Dimensions)
            {
                var row = matrix.Slice(offset, Dimensions);
                ApplyCore(row, row, buffer.AsSpan(0, Dimensions + Rank));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Number of float parameters of an adapter of this shape: d² for a full map, 2·r·d for a low-rank one.</summary>
    public static int ParameterCount(QueryAdapterKind kind, int dimensions, int rank) =>
        kind == QueryAdapterKind.Full ? dimensions * dimensions : 2 * rank * dimensions;

    /// <summary>Checks an adapter shape: at least one dimension; rank 0 for a full map, 1..d for a low-rank one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The shape is invalid.</exception>
    public static void ValidateShape(QueryAdapterKind kind, int dimensions, int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (kind == QueryAdapterKind.Full && rank != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, "A full adapter has no rank; pass 0.");
        }

        if (kind == QueryAdapterKind.LowRank && (rank < 1 || rank > dimensions))
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"A low-rank adapter needs a rank between 1 and {dimensions}.");
        }
    }

    // scratch: Dimensions + Rank floats. query and destination may alias, so the map is built in scratch first.
    private void ApplyCore(ReadOnlySpan<float> query, Span<float> destination, Span<float> scratch)
    {
        var d = Dimensions;
        var z = scratch[..d];
        if (Kind == QueryAdapterKind.Full)
        {
            for (var i = 0; i < d; i++)
            {
                z[i] = TensorPrimitives.Dot(_parameters.AsSpan(i * d, d), query);
            }
        }
        else
        {
            var h = scratch.Slice(d, Rank);
            var u = _parameters.AsSpan(0, Rank * d);
            var v = _parameters.AsSpan(Rank * d, Rank * d);
            for (var k = 0; k < Rank; k++)
            {
                h[k] = TensorPrimitives.Dot(v.Slice(k * d, d), query);
            }

            query.CopyTo(z);
            for (var k = 0; k < Rank; k++)
            {
                TensorPrimitives.MultiplyAdd(u.Slice(k * d, d), h[k], z, z);
            }
        }

        var norm = TensorPrimitives.Norm(z);
        if (norm > 0f)
        {
            TensorPrimitives.Divide(z, norm, destination);
        }
        else
        {
            destination.Clear();
        }
    }

    private string ComputeContentSha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> shape = stackalloc byte[12];
        BitConverter.TryWriteBytes(shape, (int)Kind);
        BitConverter.TryWriteBytes(shape[4..], Dimensions);
        BitConverter.TryWriteBytes(shape[8..], Rank);
        hash.AppendData(shape);
        hash.AppendData(MemoryMarshal.AsBytes(_parameters.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
