using System.Numerics.Tensors;

namespace HybridSearch.Adapters;

/// <summary>
/// The training losses and their analytic gradients, through the renormalisation: with <c>z = f(q)</c>, <c>y = z/|z|</c>
/// and scores <c>s = y·d</c>, <c>∂L/∂z = (g − (g·y) y)/|z|</c> where <c>g = ∂L/∂y</c>; <see cref="AdapterParameters.Backward"/>
/// takes it from there. Double precision, so that a finite-difference check can hold it to 1e-6.
/// </summary>
internal static class ContrastiveObjective
{
    /// <summary>Mean loss over the batch's examples; adds its gradient to <paramref name="gradient"/>.</summary>
    public static double Evaluate(
        AdapterParameters parameters, TrainingBatch batch, AdapterLoss loss, double temperature, double margin, Span<double> gradient)
    {
        var d = parameters.Dimensions;
        var candidates = batch.CandidateCount;
        var z = new double[d];
        var y = new double[d];
        var gradY = new double[d];
        var hidden = new double[parameters.HiddenLength];
        var scores = new double[candidates];
        var weights = new double[candidates];
        var total = 0.0;
        for (var e = 0; e < batch.Count; e++)
        {
            var query = batch.Query(e);
            parameters.Forward(query, z, hidden);
            var norm = TensorPrimitives.Norm<double>(z);
            TensorPrimitives.Divide<double>(z, norm, y);
            for (var c = 0; c < candidates; c++)
            {
                scores[c] = TensorPrimitives.Dot<double>(y, batch.Candidate(c));
            }

            // weights[c] = ∂L/∂s_c, so that ∂L/∂y = Σ_c weights[c]·d_c.
            Array.Clear(weights);
            total += loss == AdapterLoss.InfoNce
                ? InfoNce(batch, e, scores, temperature, weights)
                : Triplet(batch, e, scores, margin, weights);

            Array.Clear(gradY);
            for (var c = 0; c < candidates; c++)
            {
                if (weights[c] != 0)
                {
                    TensorPrimitives.MultiplyAdd(batch.Candidate(c), weights[c], gradY, gradY);
                }
            }

            // Project out the radial part: renormalisation makes L blind to |z|.
            var radial = TensorPrimitives.Dot<double>(gradY, y);
            TensorPrimitives.MultiplyAdd(y, -radial, gradY, gradY);
            TensorPrimitives.Divide<double>(gradY, norm, gradY);
            parameters.Backward(query, hidden, gradY, 1.0 / batch.Count, gradient);
        }

        return total / batch.Count;
    }

    // −log softmax of the positive among every candidate not excluded for this example.
    private static double InfoNce(TrainingBatch batch, int example, double[] scores, double temperature, double[] weights)
    {
        var max = double.NegativeInfinity;
        for (var c = 0; c < scores.Length; c++)
        {
            if (!batch.IsExcluded(example, c))
            {
                max = Math.Max(max, scores[c] / temperature);
            }
        }

        var sum = 0.0;
        for (var c = 0; c < scores.Length; c++)
        {
            if (!batch.IsExcluded(example, c))
            {
                weights[c] = Math.Exp((scores[c] / temperature) - max);
                sum += weights[c];
            }
        }

        var positive = batch.Positives[example];
        for (var c = 0; c < scores.Length; c++)
        {
            weights[c] /= sum * temperature;
        }

        weights[positive] -= 1 / temperature;
        return -(scores[positive] / temperature) + max + Math.Log(sum);
    }

    // Mean over the example's negatives of max(0, margin − s_p + s_n).
    private static double Triplet(TrainingBatch batch, int example, double[] scores, double margin, double[] weights)
    {
        var positive = batch.Positives[example];
        var own = batch.HardNegatives[example];
        var count = own.Length > 0 ? own.Length : CountInBatchNegatives(batch, example);
        if (count == 0)
        {
            return 0;
        }

        var loss = 0.0;
        for (var i = 0; i < (own.Length > 0 ? own.Length : scores.Length); i++)
        {
            var n = own.Length > 0 ? own[i] : i;
            if (own.Length == 0 && (n == positive || batch.IsExcluded(example, n)))
            {
                continue;
            }

            var hinge = margin - scores[positive] + scores[n];
            if (hinge > 0)
            {
                loss += hinge;
                weights[n] += 1.0 / count;
                weights[positive] -= 1.0 / count;
            }
        }

        return loss / count;
    }

    private static int CountInBatchNegatives(TrainingBatch batch, int example)
    {
        var count = 0;
        for (var c = 0; c < batch.CandidateCount; c++)
        {
            if (c != batch.Positives[example] && !batch.IsExcluded(example, c))
            {
                count++;
            }
        }

        return count;
    }
}
