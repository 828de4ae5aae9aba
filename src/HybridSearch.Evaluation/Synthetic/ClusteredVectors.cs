using System.Numerics.Tensors;
using HybridSearch.Encoders;

namespace HybridSearch.Evaluation.Synthetic;

/// <summary>
/// A reproducible stream of clustered unit vectors, for building and searching indexes of any size without encoding text.
/// Real embeddings are not uniform on the sphere: they crowd around topics, which is what makes approximate search hard
/// (many near neighbours at almost the same distance). Each vector is a cluster centre plus Gaussian noise, normalised;
/// cluster sizes are skewed (the first clusters are the largest), as topics in a corpus are.
/// </summary>
/// <remarks>
/// Vector <c>i</c> depends only on the seed and <c>i</c>, so a vector can be generated again (as a query near it, or on
/// another thread) without generating the ones before it.
/// </remarks>
public sealed class ClusteredVectors
{
    private readonly float[] _centres;

    /// <param name="dimensions">Length of each vector.</param>
    /// <param name="clusters">Number of cluster centres.</param>
    /// <param name="spread">
    /// Length of the noise added to a (unit) centre before normalising: 1 puts a vector about 45° from its centre; smaller
    /// is tighter clusters.
    /// </param>
    /// <param name="seed">Same seed, same vectors.</param>
    public ClusteredVectors(int dimensions, int clusters, float spread = 1f, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clusters);
        ArgumentOutOfRangeException.ThrowIfNegative(spread);
        Dimensions = dimensions;
        Clusters = clusters;
        Spread = spread;
        Seed = seed;
        _centres = new float[checked(clusters * dimensions)];
        for (var c = 0; c < clusters; c++)
        {
            var centre = _centres.AsSpan(c * dimensions, dimensions);
            var random = new SplitMix(seed, -1L - c);
            random.FillGaussian(centre);
            Normalize(centre);
        }
    }

    public int Dimensions { get; }

    public int Clusters { get; }

    public float Spread { get; }

    public int Seed { get; }

    /// <summary>
    /// The identity an index of these vectors records as its document encoder: no model made them, and vectors of other
    /// settings are not comparable with them.
    /// </summary>
    public EncoderIdentity Identity => new(
        "synthetic-clustered",
        FormattableString.Invariant($"clusters={Clusters};spread={Spread:R};seed={Seed}"),
        Dimensions);

    /// <summary>The cluster vector <paramref name="index"/> belongs to.</summary>
    public int ClusterOf(long index)
    {
        // u² skews the sizes: cluster c receives about (√(c+1) − √c) of all vectors.
        var u = new SplitMix(Seed, index).NextDouble();
        return Math.Min(Clusters - 1, (int)(u * u * Clusters));
    }

    /// <summary>Writes unit vector <paramref name="index"/> into <paramref name="destination"/>.</summary>
    public void Fill(long index, Span<float> destination)
    {
        if (destination.Length != Dimensions)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; the vectors have {Dimensions}.", nameof(destination));
        }

        var random = new SplitMix(Seed, index);
        var u = random.NextDouble();
        var cluster = Math.Min(Clusters - 1, (int)(u * u * Clusters));
        random.FillGaussian(destination);

        // Noise of expected length `Spread` whatever the dimension: each of d components has variance Spread² / d.
        TensorPrimitives.Multiply(destination, Spread / MathF.Sqrt(Dimensions), destination);
        TensorPrimitives.Add(destination, _centres.AsSpan(cluster * Dimensions, Dimensions), destination);
        Normalize(destination);
    }

    private static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>SplitMix64 seeded from (seed, stream): fast, and independent streams per vector.</summary>
    private struct SplitMix(int seed, long stream)
    {
        private ulong _state = ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)stream * 0xD1B54A32D192ED03UL) ^ 0x2545F4914F6CDD1DUL;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, 1).</summary>
        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

        /// <summary>Standard normal values (Box–Muller, both outputs used).</summary>
        public void FillGaussian(Span<float> values)
        {
            for (var i = 0; i < values.Length; i += 2)
            {
                var u1 = 1.0 - NextDouble();
                var u2 = NextDouble();
                var radius = Math.Sqrt(-2.0 * Math.Log(u1));
                var (sin, cos) = Math.SinCos(2 * Math.PI * u2);
                values[i] = (float)(radius * cos);
                if (i + 1 < values.Length)
                {
                    values[i + 1] = (float)(radius * sin);
                }
            }
        }
    }
}
