using HybridSearch.Adapters;
using Xunit.Abstractions;

namespace HybridSearch.Evaluation.Tests.Adapters;

public sealed class QueryAdapterTrainerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(AdapterLoss.InfoNce, QueryAdapterKind.Full)]
    [InlineData(AdapterLoss.InfoNce, QueryAdapterKind.LowRank)]
    [InlineData(AdapterLoss.Triplet, QueryAdapterKind.Full)]
    public void Training_learns_back_a_linear_distortion_of_query_space(AdapterLoss loss, QueryAdapterKind kind)
    {
        var task = new SyntheticRetrievalTask(dimensions: 24, documents: 300, trainingQueries: 600, testQueries: 200, strength: 2.5, seed: 1);
        var options = Options(loss, kind);

        var adapter = QueryAdapterTrainer.Train(task.Set, options);

        var before = task.TopOneAccuracy(null);
        var after = task.TopOneAccuracy(adapter);
        var epochs = adapter.Training!.Epochs;
        output.WriteLine($"top-1 on unseen queries {before:F3} -> {after:F3}; best epoch {adapter.Training.BestEpoch}");
        foreach (var epoch in epochs)
        {
            output.WriteLine($"{epoch.Epoch}: loss {epoch.TrainingLoss:F4} held-out nDCG@10 {epoch.HeldOutNdcgAt10:F4} CE {epoch.HeldOutLoss:F4}");
        }

        Assert.True(after > before + 0.25, $"top-1 accuracy {before:F3} -> {after:F3}");
        Assert.True(epochs[^1].TrainingLoss < epochs[1].TrainingLoss, "the training loss should fall");
        Assert.True(epochs[adapter.Training.BestEpoch].HeldOutNdcgAt10 > epochs[0].HeldOutNdcgAt10);
    }

    [Fact]
    public void The_same_seed_gives_the_same_adapter_bytes_and_another_seed_does_not()
    {
        var task = new SyntheticRetrievalTask(16, 120, 150, 10, 1.0, seed: 2);
        var options = Options(AdapterLoss.InfoNce, QueryAdapterKind.LowRank);
        options.Epochs = 4;

        var first = QueryAdapterFile.Serialize(QueryAdapterTrainer.Train(task.Set, options));
        options.MaxDegreeOfParallelism = 1;
        var second = QueryAdapterFile.Serialize(QueryAdapterTrainer.Train(task.Set, options));
        options.Seed++;
        var third = QueryAdapterFile.Serialize(QueryAdapterTrainer.Train(task.Set, options));

        Assert.Equal(first, second);
        Assert.NotEqual(first, third);
    }

    [Fact]
    public void Early_stopping_keeps_the_best_epoch_on_the_held_out_queries()
    {
        var task = new SyntheticRetrievalTask(16, 200, 200, 10, 1.5, seed: 3);
        var options = Options(AdapterLoss.InfoNce, QueryAdapterKind.Full);
        options.LearningRate = 0.3; // large enough to overshoot, so later epochs are not simply better
        options.Epochs = 12;
        options.Patience = 3;

        var adapter = QueryAdapterTrainer.Train(task.Set, options);
        var epochs = adapter.Training!.Epochs;
        var best = 0;
        for (var e = 1; e < epochs.Count; e++)
        {
            best = epochs[e].HeldOutNdcgAt10 > epochs[best].HeldOutNdcgAt10 ? e : best;
            output.WriteLine($"{e}: held-out nDCG@10 {epochs[e].HeldOutNdcgAt10:F4}");
        }

        Assert.Equal(best, adapter.Training.BestEpoch);
        Assert.InRange(best, 1, epochs.Count - 2); // the scenario overshoots: the best epoch is neither the start nor the last
        Assert.Equal(options.Patience, epochs.Count - 1 - best); // it stopped after patience epochs without improvement
        options.Epochs = best;
        var rerun = QueryAdapterTrainer.Train(task.Set, options);
        Assert.Equal(rerun.Parameters.ToArray(), adapter.Parameters.ToArray());
    }

    [Fact]
    public void When_no_epoch_beats_the_identity_the_identity_is_kept()
    {
        // No distortion and little noise: the base vectors already rank every held-out query's document first.
        var task = new SyntheticRetrievalTask(16, 100, 100, 10, strength: 0, seed: 4);
        var options = Options(AdapterLoss.InfoNce, QueryAdapterKind.Full);
        options.Patience = 2;

        var adapter = QueryAdapterTrainer.Train(task.Set, options);

        Assert.Equal(1.0, adapter.Training!.Epochs[0].HeldOutNdcgAt10, 9);
        Assert.Equal(0, adapter.Training.BestEpoch);
        Assert.Equal(3, adapter.Training.Epochs.Count);
        Assert.Equal(QueryAdapter.CreateIdentity(task.Set.DocumentEncoder).Parameters.ToArray(), adapter.Parameters.ToArray());
    }

    [Fact]
    public void Without_held_out_queries_every_epoch_runs_and_the_last_is_kept()
    {
        var task = new SyntheticRetrievalTask(8, 50, 40, 10, 1.0, seed: 5);
        var options = Options(AdapterLoss.Triplet, QueryAdapterKind.Full);
        options.HoldoutFraction = 0;
        options.Epochs = 3;
        var reported = new List<AdapterEpoch>();

        var adapter = QueryAdapterTrainer.Train(task.Set, options, new SynchronousProgress<AdapterEpoch>(reported.Add));

        Assert.Equal(3, adapter.Training!.BestEpoch);
        Assert.Equal(40, adapter.Training.TrainingQueries);
        Assert.Equal([0, 1, 2, 3], reported.Select(e => e.Epoch));
        Assert.True(double.IsNaN(reported[^1].HeldOutNdcgAt10));
    }

    [Fact]
    public void Training_can_be_cancelled()
    {
        var task = new SyntheticRetrievalTask(8, 50, 40, 10, 1.0, seed: 6);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() => QueryAdapterTrainer.Train(task.Set, Options(AdapterLoss.InfoNce, QueryAdapterKind.Full), null, cancellation.Token));
    }

    [Fact]
    public void Settings_out_of_range_are_named()
    {
        var task = new SyntheticRetrievalTask(8, 50, 40, 10, 1.0, seed: 7);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => QueryAdapterTrainer.Train(task.Set, new AdapterTrainingOptions { Temperature = 0 }));

        Assert.Equal("Temperature", error.ParamName);
    }

    private static AdapterTrainingOptions Options(AdapterLoss loss, QueryAdapterKind kind) => new()
    {
        Loss = loss,
        Kind = kind,
        Rank = 8,
        Epochs = 25,
        BatchSize = 32,
        LearningRate = 0.01,
        IdentityDecay = 0,
        HardNegativesPerQuery = 3,
        HardNegativeDepth = 10,
        HoldoutFraction = 0.2,
        Patience = 25,
        Margin = 0.2,
        Seed = 42,
    };

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
