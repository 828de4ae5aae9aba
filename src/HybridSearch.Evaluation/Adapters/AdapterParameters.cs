using System.Numerics.Tensors;

namespace HybridSearch.Adapters;

/// <summary>
/// The trainable parameters in double precision (the optimiser's master copy), in <see cref="QueryAdapter"/>'s layout,
/// with the forward map <c>z = f(q)</c> and its backward pass. Not thread-safe.
/// </summary>
internal sealed class AdapterParameters
{
    public AdapterParameters(QueryAdapterKind kind, int dimensions, int rank, double[] values)
    {
        QueryAdapter.ValidateShape(kind, dimensions, rank);
        if (values.Length != QueryAdapter.ParameterCount(kind, dimensions, rank))
        {
            throw new ArgumentException($"Expected {QueryAdapter.ParameterCount(kind, dimensions, rank)} values, got {values.Length}.");
        }

        Kind = kind;
        Dimensions = dimensions;
        Rank = rank;
        Values = values;
    }

    public QueryAdapterKind Kind { get; }

    public int Dimensions { get; }

    public int Rank { get; }

    public double[] Values { get; }

    /// <summary>Length of the scratch that <see cref="Forward"/> fills and <see cref="Backward"/> reads (the low-rank code h).</summary>
    public int HiddenLength => Rank;

    /// <summary>
    /// The identity map: <c>W = I</c>, or <c>U = 0</c> and <c>V</c> drawn from N(0, (scale/√d)²) so that gradients reach
    /// <c>U</c> from the first step.
    /// </summary>
    public static AdapterParameters CreateIdentity(QueryAdapterKind kind, int dimensions, int rank, double initScale, Random random)
    {
        var parameters = new AdapterParameters(kind, dimensions, rank, new double[QueryAdapter.ParameterCount(kind, dimensions, rank)]);
        if (kind == QueryAdapterKind.Full)
        {
            for (var i = 0; i < dimensions; i++)
            {
                parameters.Values[(i * dimensions) + i] = 1;
            }
        }
        else
        {
            var sigma = initScale / Math.Sqrt(dimensions);
            for (var i = rank * dimensions; i < parameters.Values.Length; i++)
            {
                parameters.Values[i] = sigma * Gaussian(random);
            }
        }

        return parameters;
    }

    /// <summary>What identity decay pulls towards: <c>W = I</c>, or <c>U = V = 0</c> (which is the identity map).</summary>
    public double[] CreateAnchor()
    {
        var anchor = new double[Values.Length];
        if (Kind == QueryAdapterKind.Full)
        {
            for (var i = 0; i < Dimensions; i++)
            {
                anchor[(i * Dimensions) + i] = 1;
            }
        }

        return anchor;
    }

    public AdapterParameters Clone() => new(Kind, Dimensions, Rank, (double[])Values.Clone());

    public float[] ToSingle()
    {
        var values = new float[Values.Length];
        TensorPrimitives.ConvertTruncating<double, float>(Values, values);
        return values;
    }

    /// <summary><c>z = W·q</c> or <c>z = q + U·h</c> with <c>h = Vᵀ·q</c> (h written to <paramref name="hidden"/>).</summary>
    public void Forward(ReadOnlySpan<double> query, Span<double> z, Span<double> hidden)
    {
        var d = Dimensions;
        var values = Values.AsSpan();
        if (Kind == QueryAdapterKind.Full)
        {
            for (var i = 0; i < d; i++)
            {
                z[i] = TensorPrimitives.Dot(values.Slice(i * d, d), query);
            }

            return;
        }

        var u = values[..(Rank * d)];
        var v = values[(Rank * d)..];
        query.CopyTo(z);
        for (var k = 0; k < Rank; k++)
        {
            hidden[k] = TensorPrimitives.Dot(v.Slice(k * d, d), query);
            TensorPrimitives.MultiplyAdd(u.Slice(k * d, d), hidden[k], z, z);
        }
    }

    /// <summary>Adds <c>scale · ∂L/∂θ</c> to <paramref name="gradient"/>, given <c>∂L/∂z</c> and the forward pass's h.</summary>
    public void Backward(ReadOnlySpan<double> query, ReadOnlySpan<double> hidden, ReadOnlySpan<double> gradZ, double scale, Span<double> gradient)
    {
        var d = Dimensions;
        if (Kind == QueryAdapterKind.Full)
        {
            // ∂L/∂W = g_z ⊗ q: row i gains g_z[i]·q.
            for (var i = 0; i < d; i++)
            {
                var row = gradient.Slice(i * d, d);
                TensorPrimitives.MultiplyAdd(query, scale * gradZ[i], row, row);
            }

            return;
        }

        var values = Values.AsSpan();
        for (var k = 0; k < Rank; k++)
        {
            // ∂L/∂Uₖ = hₖ·g_z; ∂L/∂hₖ = Uₖ·g_z; ∂L/∂Vₖ = (∂L/∂hₖ)·q.
            var gradU = gradient.Slice(k * d, d);
            TensorPrimitives.MultiplyAdd(gradZ, scale * hidden[k], gradU, gradU);
            var gradH = TensorPrimitives.Dot(values.Slice(k * d, d), gradZ);
            var gradV = gradient.Slice((Rank + k) * d, d);
            TensorPrimitives.MultiplyAdd(query, scale * gradH, gradV, gradV);
        }
    }

    // Box–Muller on the seeded generator: the same seed gives the same initialisation everywhere.
    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
