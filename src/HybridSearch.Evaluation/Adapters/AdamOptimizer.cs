namespace HybridSearch.Adapters;

/// <summary>
/// Adam with decoupled weight decay towards an anchor (AdamW with the identity map instead of zero as its centre).
/// </summary>
internal sealed class AdamOptimizer(int count, AdapterTrainingOptions options, double[] anchor)
{
    private readonly double[] _firstMoment = new double[count];
    private readonly double[] _secondMoment = new double[count];
    private readonly double _learningRate = options.LearningRate;
    private readonly double _beta1 = options.Beta1;
    private readonly double _beta2 = options.Beta2;
    private readonly double _epsilon = options.Epsilon;
    private readonly double _decay = options.LearningRate * options.IdentityDecay;
    private int _step;

    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        _step++;
        var correction1 = 1 - Math.Pow(_beta1, _step);
        var correction2 = 1 - Math.Pow(_beta2, _step);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            var m = _firstMoment[i] = (_beta1 * _firstMoment[i]) + ((1 - _beta1) * g);
            var v = _secondMoment[i] = (_beta2 * _secondMoment[i]) + ((1 - _beta2) * g * g);
            var update = _learningRate * (m / correction1) / (Math.Sqrt(v / correction2) + _epsilon);
            parameters[i] -= update + (_decay * (parameters[i] - anchor[i]));
        }
    }
}
